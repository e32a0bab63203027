// What the drills know about the target they run against, in one place: TickStorm's
// metric names as PromQL for the drop rate, the traffic, the drops by reason and the
// runbook's first-minutes readings, what an absent series means on the published
// server, and what the target reads and handles (its settings, its signals), so a step
// it cannot honour is refused before anything starts. The plan reads a profile; the
// engine reads the plan and names no metric.

import { PUBLISHED_SETTINGS, REFERENCE_SETTINGS } from './settings.js';

export interface TargetProfile {
  /** How messages name it: "the published TickStorm". */
  name: string;
  /** The settings (environment variables) it reads; any other changes nothing. */
  settings: readonly string[];
  /** Signals it handles (SIGHUP: listen again); on any other it ends, as a process does by default. */
  signals: readonly NodeJS.Signals[];
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
    /** Sessions it authenticated over the window: accepted and served, as the server says. */
    authenticated: string;
  };
  /** Said when the alert's series are all absent: what that means for this target. */
  absentSeries: string;
}

const tickstorm: Omit<TargetProfile, 'name' | 'settings' | 'signals'> = {
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
    authenticated: 'sum(increase(tick_storm_auth_success_total$window))',
  },
  absentSeries:
    'Against the published TickStorm this is expected: its code registers tick_storm_total_connections_total and tick_storm_connection_errors_total but never increments them.',
};

/** The reference target as it should behave: it reads its own settings too and listens again on SIGHUP. */
export const tickstormReference: TargetProfile = {
  ...tickstorm,
  name: 'the reference TickStorm',
  settings: REFERENCE_SETTINGS,
  signals: ['SIGHUP'],
};

/** The published server, or the reference target behaving as it (`published-settings`). */
export const tickstormPublished: TargetProfile = {
  ...tickstorm,
  name: 'the published TickStorm',
  settings: PUBLISHED_SETTINGS,
  signals: [],
};

/**
 * The reference target behaving as published (`published-settings`): it reads only the
 * published variables it also knows (not the published duration forms, not TLS), and has
 * no SIGHUP handler.
 */
export const tickstormReferenceAsPublished: TargetProfile = {
  ...tickstorm,
  name: 'the reference TickStorm behaving as published',
  settings: PUBLISHED_SETTINGS.filter((name) =>
    (REFERENCE_SETTINGS as readonly string[]).includes(name),
  ),
  signals: [],
};

export const TARGET_PROFILES = {
  'tickstorm-published': tickstormPublished,
  'tickstorm-reference': tickstormReference,
} as const;
export type TargetProfileName = keyof typeof TARGET_PROFILES;
