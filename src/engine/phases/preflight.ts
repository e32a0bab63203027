// Preflight: before waiting minutes on an alert, check in seconds that Prometheus loaded
// the rule and that every series its expression reads exists.

import { alertState } from '../../prom/alert-state.js';
import { vectorSelectors } from '../../prom/promql/selectors.js';
import { instantSamples } from '../../prom/verification.js';
import type { DrillContext } from '../drill-context.js';
import { queryEvidence } from '../query-evidence.js';
import type { StepResult } from '../run-result.js';
import { StepClock } from '../step-clock.js';

export async function preflight(context: DrillContext): Promise<StepResult> {
  const { plan, stack } = context;
  const alert = plan.scenario.alert.name;
  const clock = new StepClock('preflight', `alert ${alert} is loaded and its input series exist`);
  const state = await alertState(stack.prometheus, alert);
  if (!state.loaded) {
    return clock.end(
      'error',
      `Prometheus has no alerting rule ${alert} loaded (rules file ${plan.rules.shownAs})`,
    );
  }
  if (state.health === 'err') {
    return clock.end(
      'error',
      `Prometheus reports that evaluating ${alert} fails: ${state.lastError ?? 'no detail'}`,
    );
  }
  const missing: string[] = [];
  for (const selector of vectorSelectors(plan.queries.alert)) {
    const query = `count(${selector})`;
    const at = new Date();
    const samples = instantSamples(await stack.prometheus.query(query, at), query);
    clock.evidence.push(queryEvidence(`series of ${selector}`, query, at, samples));
    if (samples.length === 0) missing.push(selector);
  }
  if (missing.length > 0) {
    return clock.end(
      'no-data',
      `the alert reads series that do not exist: ${missing.join(', ')}`,
      'An alert over absent series can never fire. Against the published TickStorm this is expected: its code registers tick_storm_total_connections_total and tick_storm_connection_errors_total but never increments them.',
    );
  }
  return clock.end(
    'pass',
    `rule loaded from ${state.file ?? plan.rules.shownAs}; all ${vectorSelectors(plan.queries.alert).length} input series exist`,
  );
}
