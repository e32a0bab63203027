// `session-age-close`: the published session handler arms a heartbeat timer when it is
// created (right after the AUTH ACK), then overwrites the field with a second timer that
// heartbeats reset. Nothing resets the first: HEARTBEAT_TIMEOUT after the ACK it logs an
// ERROR line and closes the socket, with no ERROR frame and no heartbeat-timeout count.

import { formatGoDuration } from './go-units.js';

export class SessionAgeClose {
  private readonly dueAt: number;

  constructor(
    ackedAt: number,
    private readonly timeoutMs: number,
    private readonly connectionFields: string,
  ) {
    this.dueAt = ackedAt + timeoutMs;
  }

  /** `now` on the same clock as the ACK (performance.now()). */
  due(now: number): boolean {
    return now >= this.dueAt;
  }

  /** handleHeartbeatTimeout()'s line; `lastHeartbeatAt` is the ACK or the latest HEARTBEAT. */
  logLine(lastHeartbeatAt: number, now: number): string {
    const sinceLast = now - lastHeartbeatAt;
    const lastHeartbeat = new Date(Date.now() - sinceLast).toISOString();
    return (
      `ERROR heartbeat timeout - closing connection ${this.connectionFields} ` +
      `last_heartbeat=${lastHeartbeat} timeout=${formatGoDuration(this.timeoutMs)} ` +
      `time_since_last=${formatGoDuration(sinceLast)}`
    );
  }
}
