// Safety rail: a target outside loopback needs `--allow-remote <host>` naming it.

import { isLoopbackHost } from '../tickstorm/listen-address.js';
import { UsageError } from './usage-error.js';

/** One loopback test for the whole framework: the reference target's own. */
export const isLoopback = isLoopbackHost;

export function parseHostPort(text: string, flag: string): { host: string; port: number } {
  const match = /^\[?([^\]]*)\]?:(\d+)$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || !(port > 0 && port < 65536)) {
    throw new UsageError(`${flag}: expected host:port like 127.0.0.1:8080, got "${text}"`);
  }
  return { host: match[1], port };
}

export function assertAllowedTarget(
  host: string,
  allowRemote: readonly string[],
  flag: string,
): void {
  // A URL's hostname keeps IPv6 brackets (`[::1]`); the address inside is what counts.
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isLoopback(bare) || allowRemote.includes(host) || allowRemote.includes(bare)) return;
  throw new UsageError(
    `${flag}: ${host} is outside loopback; drills only attack 127.0.0.0/8 and ::1 unless you name the host with --allow-remote ${host}`,
  );
}
