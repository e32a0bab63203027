// `heartbeat-flood-warning`: the published handler starts its heartbeat clock at the AUTH
// ACK and warns about every HEARTBEAT that comes less than half HEARTBEAT_INTERVAL after
// the previous one (or the ACK). Only a log line: the PONG is sent all the same, so a
// client that heartbeats early fills the server's log with warnings.

import { formatGoDuration } from './go-units.js';

export class HeartbeatFloodWarning {
  private lastAt: number;
  private readonly minIntervalMs: number;

  constructor(
    ackedAt: number,
    heartbeatIntervalMs: number,
    private readonly connectionFields: string,
  ) {
    this.lastAt = ackedAt;
    // HeartbeatInterval / 2 on a Go duration: integer nanoseconds.
    this.minIntervalMs = Math.floor((heartbeatIntervalMs * 1e6) / 2) / 1e6;
  }

  /** The WARN line for a HEARTBEAT at `now`, or null when it was paced; either way it is the last one now. */
  heartbeat(now: number, sequence: number): string | null {
    const sinceLast = now - this.lastAt;
    this.lastAt = now;
    if (sinceLast >= this.minIntervalMs) return null;
    return (
      `WARN heartbeat flooding detected ${this.connectionFields} ` +
      `time_since_last=${formatGoDuration(sinceLast)} ` +
      `min_interval=${formatGoDuration(this.minIntervalMs)} sequence=${sequence}`
    );
  }
}
