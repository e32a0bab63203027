// Whether most of the drill's clients never got in: turned away before their handshake
// finished (closed without a reply to AUTH, left open without one, refused, timed out,
// refused credentials). Then that is the first thing a reader must learn from the
// verdict, whatever else the checks say: a drill whose load never reached the server
// proved nothing about it.

import type { DrillResult } from '../result/run-result.js';

type Sessions = NonNullable<DrillResult['clientSessions']>;

const BEFORE_HANDSHAKE = new Set([
  'closed_without_reply',
  'auth_failed',
  'auth_unanswered',
  'refused',
  'connect_timeout',
  'server_error:INVALID_AUTH',
  'server_error:AUTH_REQUIRED',
  'server_error:RATE_LIMITED',
]);

/** What the top reason says about the server, where it says something plainly. */
const WHAT_IT_LOOKS_LIKE: Record<string, string> = {
  closed_without_reply:
    'closed without a reply to AUTH is how a server refuses at the door (a per-address admission limit, a resource guard)',
  auth_unanswered:
    'no reply to AUTH while the connection stayed open is how a server that accepted the connection but never served it looks (a full worker pool, a stalled accept loop)',
};

/** A sentence for the verdict when more than half the sessions never got in; else null. */
export function doorRefusal(sessions: Sessions, poolUnavailable?: string): string | null {
  const turnedAway = Object.entries(sessions.droppedByReason)
    .filter(([reason, n]) => BEFORE_HANDSHAKE.has(reason) && n > 0)
    .sort((a, b) => b[1] - a[1]);
  const total = turnedAway.reduce((sum, [, n]) => sum + n, 0);
  if (sessions.started === 0 || total * 2 <= sessions.started) return null;
  const reasons = turnedAway.map(([reason, n]) => `${reason} ${n}`).join(', ');
  return [
    `most clients never got in: ${total} of ${sessions.started} sessions were turned away before their handshake finished (${reasons})`,
    WHAT_IT_LOOKS_LIKE[turnedAway[0]![0]] ?? '',
    poolUnavailable ? `the proxied path had one source address: ${poolUnavailable}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
