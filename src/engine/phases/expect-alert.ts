// Expect: under the fault, the alert must go pending and then firing within the bound
// derived from its own windows. Both moments are kept.

import { formatMs, formatRate, StepClock } from '../step-clock.js';
import { mark, type DrillContext } from '../drill-context.js';
import type { StepResult } from '../run-result.js';
import { blindness, diagnoseSilentAlert } from '../diagnose.js';

export async function expectAlert(context: DrillContext): Promise<StepResult> {
  const { plan, sampler } = context;
  const alert = plan.scenario.alert.name;
  const clock = new StepClock('expect', `alert ${alert} fires`, plan.expectWithinMs);
  const firing = await sampler.waitFor((sample) => {
    const state = sample.alert?.state;
    if (state === 'pending' || state === 'firing')
      mark(context, 'alertPending', sample.alert?.activeAt ?? sample.at);
    return state === 'firing';
  }, plan.expectWithinMs);

  if (firing?.alert) {
    mark(context, 'alertFiring', firing.at);
    const { activeAt, value } = firing.alert;
    clock.evidence.push({
      kind: 'alert',
      alert,
      state: 'firing',
      at: firing.at.toISOString(),
      ...(activeAt ? { activeAt: activeAt.toISOString() } : {}),
      ...(value !== undefined ? { value: String(value) } : {}),
    });
    const pendingAfter =
      context.markers.faultApplied && context.markers.alertPending
        ? Date.parse(context.markers.alertPending) - Date.parse(context.markers.faultApplied)
        : null;
    return clock.end(
      'pass',
      `firing ${formatMs(clock.elapsedMs())} after the fault${pendingAfter !== null ? ` (pending after ${formatMs(Math.max(0, pendingAfter))})` : ''}; alert value ${value?.toFixed(2) ?? '?'}, server drop rate ${formatRate(firing.serverDropRate)}, client ${formatRate(firing.clientDropRate)}`,
    );
  }

  const last = sampler.latest;
  const state = last?.alert?.state ?? 'unknown';
  const blind = blindness(context);
  if (blind) context.alertBlind = true;
  const diagnosis = blind ?? (await diagnoseSilentAlert(context, clock.evidence));
  return clock.end(
    'fail',
    `alert ${alert} was ${state}, not firing, ${formatMs(plan.expectWithinMs)} after the fault (server drop rate ${formatRate(last?.serverDropRate ?? null)}, client ${formatRate(last?.clientDropRate ?? null)})`,
    diagnosis,
  );
}
