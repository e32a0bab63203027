// How a session ended. Exactly one outcome per session: `completed` when it reached its
// lifetime, `interrupted` when the generator cut it short (a ramp-down, the end of the
// run, a stop), otherwise `dropped` with the first thing that went wrong, classified
// from the phase it happened in.

import { errorCodeName } from '../../tickstorm/messages.js';

export type SessionPhase = 'connecting' | 'authenticating' | 'subscribing' | 'streaming';

/** Reasons with a fixed name; `server_error:<CODE>` and `local_error:<ERRNO>` add to these. */
export const DROP_REASONS = [
  'refused',
  'connect_timeout',
  'reset',
  'closed_by_peer',
  'pong_timeout',
  'data_stall',
  'auth_failed',
  'auth_unanswered',
  'closed_without_reply',
  'protocol_error',
] as const;
export type FixedDropReason = (typeof DROP_REASONS)[number];
export type DropReason = FixedDropReason | `server_error:${string}` | `local_error:${string}`;

/** Reasons exported at 0 from the start, so rate() over them works before the first drop. */
export const PREINITIALISED_REASONS: DropReason[] = [
  ...DROP_REASONS,
  'server_error:HEARTBEAT_TIMEOUT',
  'server_error:INVALID_AUTH',
  'server_error:RATE_LIMITED',
  'server_error:INTERNAL_ERROR',
];

export type SessionOutcome =
  | { kind: 'completed' }
  | { kind: 'interrupted' }
  | { kind: 'dropped'; reason: DropReason; detail: string };

// Failures of this machine rather than of the path to the target: counted apart, so a
// generator that ran out of descriptors or ports is never mistaken for a server drop.
const LOCAL_ERRNOS = new Set([
  'EMFILE',
  'ENFILE',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'ENOBUFS',
  'ENOMEM',
]);
const REFUSED_ERRNOS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A socket 'error' event. */
export function classifySocketError(phase: SessionPhase, errno: string | undefined): DropReason {
  if (errno !== undefined && LOCAL_ERRNOS.has(errno)) return `local_error:${errno}`;
  if (errno !== undefined && REFUSED_ERRNOS.has(errno)) return 'refused';
  if (errno === 'ETIMEDOUT' && phase === 'connecting') return 'connect_timeout';
  if (phase === 'connecting') return 'refused';
  if (phase === 'authenticating' && (errno === 'ECONNRESET' || errno === 'EPIPE'))
    return 'closed_without_reply';
  return 'reset';
}

/** The peer closed its side (EOF) before the client chose to end the session. */
export function classifyPeerClose(phase: SessionPhase): DropReason {
  if (phase === 'connecting') return 'refused';
  // AUTH goes out as soon as the socket connects. A close before any answer to it is a
  // refusal at the door: the published server's per-address admission and any resource
  // guard accept and close at once, without a frame (an AUTH it refuses gets an ERROR).
  return phase === 'authenticating' ? 'closed_without_reply' : 'closed_by_peer';
}

/** An ERROR frame from the server. */
export function classifyServerError(code: number): DropReason {
  return `server_error:${errorCodeName(code)}`;
}

/** A deadline that passed: what the client was waiting for decides the reason. */
export function classifyDeadline(
  phase: SessionPhase,
  waitingFor: 'connect' | 'ack' | 'pong' | 'data',
): DropReason {
  if (waitingFor === 'connect') return 'connect_timeout';
  if (waitingFor === 'pong') return 'pong_timeout';
  // Silence, not a refusal (that is an ACK with success false): the published server
  // queues new connections behind a busy worker pool without reading their AUTH.
  if (waitingFor === 'ack' && phase === 'authenticating') return 'auth_unanswered';
  return 'data_stall';
}

/** The detail for a handshake deadline that passed, `timeoutMs` after it was set. */
export function deadlineDetail(phase: SessionPhase, timeoutMs: number): string {
  const within = `within ${(timeoutMs / 1000).toFixed(1)} s`;
  if (phase === 'connecting') return `no connect ${within}`;
  if (phase === 'authenticating') return `no reply to AUTH ${within}; the connection stayed open`;
  return `no ACK to SUBSCRIBE ${within}`;
}
