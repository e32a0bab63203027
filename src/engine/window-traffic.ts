// Enough traffic for a rate to mean something: the new connections in the rule window, as
// the baseline required them. Verify counts no pass over less (a restarted target's first
// seconds, a load that stalled), and says so; a failed query is no count, not an error.

import type { PrometheusClient } from '../prom/client.js';
import { currentValue } from '../prom/verification.js';
import type { DrillPlan } from '../scenario/plan.js';
import { formatMs } from './step-clock.js';

/** New connections in the rule window at `at`; null when unknown. */
export async function windowTraffic(
  prometheus: PrometheusClient,
  plan: DrillPlan,
  at: Date,
): Promise<number | null> {
  return currentValue(prometheus, plan.queries.traffic, at)
    .then((r) => r.value)
    .catch(() => null);
}

export function enoughTraffic(traffic: number | null, plan: DrillPlan): boolean {
  return traffic !== null && traffic >= plan.minConnectionsPerWindow;
}

/** "too little traffic to show the fault's mechanism: 14 new connections in the last 30.0 s, …" */
export function tooLittleTraffic(traffic: number | null, plan: DrillPlan): string {
  return `too little traffic to show the fault's mechanism: ${traffic === null ? 'no count of' : Math.round(traffic)} new connections in the last ${formatMs(plan.ruleWindowMs)}, at least ${plan.minConnectionsPerWindow} required (as in baseline)`;
}
