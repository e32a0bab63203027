// Expect: under the fault, the alert must go pending and then firing within the bound
// derived from its own windows. Both moments are kept.

import { formatMs, formatRate, StepClock } from '../step-clock.js';
import { mark, type DrillContext } from '../drill-context.js';
import type { StepResult } from '../../result/run-result.js';
import { blindness, diagnoseSilentAlert } from '../diagnose.js';
import { captureFirstMinutes } from '../first-minutes.js';

export async function expectAlert(context: DrillContext): Promise<StepResult> {
  const { plan, sampler } = context;
  const alert = plan.alert.name;
  const clock = new StepClock('expect', `alert ${alert} fires`, plan.expectWithinMs);
  // An alert still inactive when less than its `for` is left can no longer fire in time:
  // it must first go pending and stay so for the whole `for`. Stop waiting there.
  let hopeless = false;
  const firing = await sampler.waitFor((sample) => {
    const state = sample.alert?.state;
    if (state === 'pending' || state === 'firing')
      mark(context, 'alertPending', sample.alert?.activeAt ?? sample.at);
    hopeless = state === 'inactive' && clock.elapsedMs() + plan.forMs > plan.expectWithinMs;
    return state === 'firing' || hopeless;
  }, plan.expectWithinMs);

  if (firing?.alert && !hopeless) {
    mark(context, 'alertFiring', firing.at);
    await captureRunbookFirstMinutes(context);
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
  const when = hopeless
    ? `${formatMs(clock.elapsedMs())} after the fault, too late to fire within the ${formatMs(plan.expectWithinMs)} bound (it must stay pending for its \`for\` of ${formatMs(plan.forMs)} first)`
    : `${formatMs(plan.expectWithinMs)} after the fault`;
  const blind = blindness(context);
  if (blind) context.alertBlind = true;
  const diagnosis = blind ?? (await diagnoseSilentAlert(context, clock.evidence));
  return clock.end(
    'fail',
    `alert ${alert} was ${state}, not firing, ${when} (server drop rate ${formatRate(last?.serverDropRate ?? null)}, client ${formatRate(last?.clientDropRate ?? null)})`,
    diagnosis,
  );
}

/** The runbook's immediate actions and diagnosis, performed when the alert fires, kept as evidence. */
async function captureRunbookFirstMinutes(context: DrillContext): Promise<void> {
  const { stack, plan } = context;
  context.firstMinutes = await captureFirstMinutes({
    targetPid: stack.target.process()?.pid ?? null,
    targetMetricsUrl: stack.target.metricsUrl,
    ...(stack.target.healthUrl ? { targetHealthUrl: stack.target.healthUrl } : {}),
    prometheus: stack.prometheus,
    queries: plan.queries,
  });
}
