// The fields the published server's per-connection logger carries on every line
// (slog.With("connection_id", …, "remote_addr", …)), so this target's log lines for the
// published habits read as the published server's do.

import type { Socket } from 'node:net';

/**
 * `connection_id=<remote>-<unix ns> remote_addr=<remote>`: the published id is the remote
 * address and the time the connection was wrapped, which here is when its session began.
 */
export function publishedConnectionFields(socket: Socket, openedAtEpochMs: number): string {
  const remote =
    socket.remoteFamily === 'IPv6'
      ? `[${socket.remoteAddress}]:${socket.remotePort}`
      : `${socket.remoteAddress}:${socket.remotePort}`;
  const nanos = BigInt(Math.round(openedAtEpochMs * 1000)) * 1000n;
  return `connection_id=${remote}-${nanos} remote_addr=${remote}`;
}
