// Drop accounting as DESIGN.md defines it: every accepted connection counts once in
// tick_storm_total_connections_total, and once more in the connection_dropped series
// if the server (not the client) ended it. Callers report each connection's end once.

import { DROP_REASONS, type DropReason } from './drop-reasons.js';
import type { TargetMetrics } from './target-metrics.js';

export interface TargetStats {
  /** Connections the stream listener accepted (guard rejections and accept failures included). */
  accepted: number;
  /** Connections open now. */
  active: number;
  /** Connections the server ended: the sum of droppedByReason. */
  dropped: number;
  droppedByReason: Record<DropReason, number>;
  /** Connections the client closed itself. */
  closedByClient: number;
}

export class ConnectionAccounting {
  private accepted = 0;
  private active = 0;
  private closedByClient = 0;
  private readonly droppedByReason = Object.fromEntries(
    DROP_REASONS.map((reason) => [reason, 0]),
  ) as Record<DropReason, number>;

  constructor(private readonly metrics: TargetMetrics) {}

  /** A connection became a session. */
  opened(): void {
    this.accepted++;
    this.active++;
    this.metrics.totalConnections.inc();
    this.metrics.activeConnections.set(this.active);
  }

  /** A session ended; `reason` null means the client closed it. */
  ended(reason: DropReason | null, durationSeconds: number): void {
    this.active--;
    this.metrics.activeConnections.set(this.active);
    this.metrics.connectionDuration.observe(durationSeconds);
    if (reason === null) this.closedByClient++;
    else this.drop(reason);
  }

  /** Accepted and closed at once (resource guard), or lost at accept: never a session. */
  refused(reason: DropReason): void {
    this.accepted++;
    this.metrics.totalConnections.inc();
    this.drop(reason);
  }

  get activeCount(): number {
    return this.active;
  }

  stats(): TargetStats {
    const droppedByReason = { ...this.droppedByReason };
    const dropped = Object.values(droppedByReason).reduce((sum, n) => sum + n, 0);
    return {
      accepted: this.accepted,
      active: this.active,
      dropped,
      droppedByReason,
      closedByClient: this.closedByClient,
    };
  }

  private drop(reason: DropReason): void {
    this.droppedByReason[reason]++;
    this.metrics.connectionDropped.inc();
    this.metrics.dropsByReason[reason].inc();
  }
}
