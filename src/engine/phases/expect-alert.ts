// Expect: under the fault, the alert must go pending and then firing within the bound
// derived from its own windows, and the fault must be what made it: each fault's effect
// is read while the drill waits (effect-watch.ts), and the drops it added over the
// baseline are judged on both sides (fault-added.ts). A fault that did not bite ends the
// drill NO DATA with its measurements, never a verdict on drops that were there before.

import { formatMs, formatRate, StepClock } from '../step-clock.js';
import { mark, type DrillContext } from '../drill-context.js';
import type { StepResult } from '../../result/run-result.js';
import { diagnoseSilentAlert } from '../diagnose.js';
import { captureFirstMinutes } from '../first-minutes.js';
import { EffectWatch, type EffectRecord } from '../effect-watch.js';
import { judgeFault, type FaultJudgement } from '../fault-judgement.js';

const EFFECT_READ_EVERY_MS = 2000;

export async function expectAlert(context: DrillContext): Promise<StepResult> {
  const { plan, sampler, stack } = context;
  const alert = plan.alert.name;
  const clock = new StepClock('expect', `alert ${alert} fires`, plan.expectWithinMs);
  const effects = new EffectWatch(
    context.appliedFaults,
    { stack, shared: context.shared },
    EFFECT_READ_EVERY_MS,
  );
  effects.start();
  // An alert still inactive when less than its `for` is left can no longer fire in time:
  // it must first go pending and stay so for the whole `for`. Stop waiting there.
  let hopeless = false;
  let records: EffectRecord[];
  let firing;
  try {
    firing = await sampler.waitFor((sample) => {
      const state = sample.alert?.state;
      if (state === 'pending' || state === 'firing')
        mark(context, 'alertPending', sample.alert?.activeAt ?? sample.at);
      hopeless = state === 'inactive' && clock.elapsedMs() + plan.forMs > plan.expectWithinMs;
      return state === 'firing' || hopeless;
    }, plan.expectWithinMs);
  } finally {
    records = await effects.stop();
  }
  const judgement = await judgeFault(context, records, firing ?? sampler.latest);
  clock.evidence.push(...judgement.evidence);

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
    if (!judgement.bit)
      return clock.end(
        'no-data',
        `alert ${alert} fired, but the fault did not bite, so the firing proves nothing about it: ${judgement.why}`,
        judgement.before,
      );
    const pendingAfter =
      context.markers.faultApplied && context.markers.alertPending
        ? Date.parse(context.markers.alertPending) - Date.parse(context.markers.faultApplied)
        : null;
    return clock.end(
      'pass',
      `firing ${formatMs(clock.elapsedMs())} after the fault${pendingAfter !== null ? ` (pending after ${formatMs(Math.max(0, pendingAfter))})` : ''}; alert value ${value?.toFixed(2) ?? '?'}, server drop rate ${formatRate(firing.serverDropRate)}, client ${formatRate(firing.clientDropRate)}; the fault added: ${judgement.added.text}`,
    );
  }

  const last = sampler.latest;
  const state = last?.alert?.state ?? 'unknown';
  const when = hopeless
    ? `${formatMs(clock.elapsedMs())} after the fault, too late to fire within the ${formatMs(plan.expectWithinMs)} bound (it must stay pending for its \`for\` of ${formatMs(plan.forMs)} first)`
    : `${formatMs(plan.expectWithinMs)} after the fault`;
  const silent = `alert ${alert} was ${state}, not firing, ${when} (server drop rate ${formatRate(last?.serverDropRate ?? null)}, client ${formatRate(last?.clientDropRate ?? null)})`;
  if (!judgement.bit)
    return clock.end(
      'no-data',
      `the fault did not bite: ${judgement.why}; ${silent}`,
      judgement.before,
    );
  const blind = blindness(judgement);
  if (blind) context.alertBlind = true;
  const diagnosis = blind ?? (await diagnoseSilentAlert(context, clock.evidence));
  return clock.end('fail', silent, diagnosis);
}

/**
 * The alert cannot see a cause whose drops the server never counts: the clients' drops
 * rose with the fault while the server's did not. Said with where they were lost.
 */
function blindness(judgement: FaultJudgement): string | null {
  const { added } = judgement;
  if (!added.clients.rose || added.server.rose) return null;
  return (
    `The alert could not see this cause: the clients' drop rate went from ${formatRate(added.clients.before)} to ${formatRate(added.clients.during)} with the fault while the server counted ${formatRate(added.server.during)}, so its counters, and every alert built on them, never saw these drops. ` +
    `Where they were lost: ${judgement.findings.join('; ')}. ${judgement.beforeAccept ? 'An alert on kernel metrics (listen overflows) or on the clients would be needed.' : 'An alert on the clients, or a server that counts these endings as drops, would be needed.'}`
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
