// When a client's next HEARTBEAT is due: its own interval, but never within half the
// server's expected interval of the AUTH ACK or of the heartbeat before (PROTOCOL.md,
// "Heartbeat pacing": the published server logs anything sooner as flooding).

import type { SessionPlan } from '../profile/profile-types.js';

type Pacing = Pick<SessionPlan, 'heartbeatIntervalMs' | 'serverHeartbeatIntervalMs'>;

/** Half the server's interval, when known (0: not paced beyond the client's own). */
function minimumGapMs(plan: Pacing): number {
  return (plan.serverHeartbeatIntervalMs ?? 0) / 2;
}

/** The first HEARTBEAT after the SUBSCRIBE ACK; Infinity when the client sends none. */
export function firstHeartbeatAt(subscribedAt: number, authAckAt: number, plan: Pacing): number {
  if (plan.heartbeatIntervalMs <= 0) return Infinity;
  return Math.max(subscribedAt + plan.heartbeatIntervalMs, authAckAt + minimumGapMs(plan));
}

/** The HEARTBEAT after one sent at `sentAt`. */
export function nextHeartbeatAt(sentAt: number, plan: Pacing): number {
  return sentAt + Math.max(plan.heartbeatIntervalMs, minimumGapMs(plan));
}
