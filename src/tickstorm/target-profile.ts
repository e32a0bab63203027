// What the drills know about the target they run against, in one place: TickStorm's
// metric names as PromQL for the drop rate, the traffic, the drops by reason and the
// runbook's first-minutes readings, and what an absent series means on the published
// server. The plan reads a profile; the engine reads the plan and names no metric.

export interface TargetProfile {
  name: string;
  /** PromQL at runbook scale; `$window` stands for the rule's range, like `[5m]`. */
  queries: {
    /** The server-observed drop rate, percent. */
    dropRate: string;
    /** New connections per window, for the baseline's "enough traffic" check. */
    traffic: string;
    /** Drops by reason over the window, each above 0, so every server-counted drop has a name. */
    dropsByReason: string;
    /** Drops by reason per second, for the runbook's first minutes. */
    dropRateByReason: string;
    activeConnections: string;
    /** The median connection duration, seconds. */
    medianDuration: string;
    /** One series per running instance (by its instance id): a new one is a new process. */
    instances: string;
  };
  /** Said when the alert's series are all absent: what that means for this target. */
  absentSeries: string;
}

export const tickstormProfile: TargetProfile = {
  name: 'TickStorm',
  queries: {
    dropRate:
      'sum(rate(tick_storm_connection_errors_total{error_type="connection_dropped"}$window)) / sum(rate(tick_storm_total_connections_total$window)) * 100',
    traffic: 'sum(increase(tick_storm_total_connections_total$window))',
    dropsByReason:
      'sum by (reason) (increase(tick_storm_connection_drops_by_reason_total$window)) > 0',
    dropRateByReason: 'sum by (reason) (rate(tick_storm_connection_drops_by_reason_total$window))',
    activeConnections: 'tick_storm_active_connections',
    medianDuration:
      'histogram_quantile(0.5, sum by (le) (rate(tick_storm_connection_duration_seconds_bucket$window)))',
    instances: 'group by (instance_id) (tick_storm_active_connections)',
  },
  absentSeries:
    'Against the published TickStorm this is expected: its code registers tick_storm_total_connections_total and tick_storm_connection_errors_total but never increments them.',
};

/** A profile query with the window filled in. */
export function withWindow(expr: string, window: string): string {
  return expr.replaceAll('$window', window);
}
