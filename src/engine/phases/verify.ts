// Verify: with the fault still active and the remediation applied, the drop rate must
// fall under the threshold on the server and on the clients, the runbook's verification
// query must pass for a real reason (a returned sample, not an empty result), over as
// much traffic as the baseline required, and the alert must resolve, all within the
// runbook's escalation time. A pass counts only once the query's window holds nothing
// from before the remediation (recovery-watch.ts).

import { verify as runVerification, type Verification } from '../../prom/verification.js';
import { enoughTraffic, tooLittleTraffic, windowTraffic } from '../window-traffic.js';
import { mark, type DrillContext } from '../drill-context.js';
import type { StepResult } from '../../result/run-result.js';
import type { Sample } from '../sampler.js';
import { formatMs, formatRate, StepClock } from '../step-clock.js';
import { queryEvidence } from '../query-evidence.js';
import { RecoveryWatch } from '../recovery-watch.js';
import { faultNoLongerHolds } from '../fault-lost.js';

export async function verifyRemediation(context: DrillContext): Promise<StepResult> {
  const { plan, sampler, stack } = context;
  const threshold = plan.alert.threshold;
  const clock = new StepClock(
    'verify',
    `drop rate back under ${threshold} %, verification query passes, alert resolves`,
    plan.verifyWithinMs,
  );
  const deadline = Date.now() + plan.verifyWithinMs;
  const watch = new RecoveryWatch(
    Date.parse(context.markers.remediationApplied ?? '') || Date.now(),
    plan.verifyWindowMs,
  );
  let sample: Sample | null = sampler.latest;
  let verification: Verification | null = null;
  let traffic: number | null = null;
  let recovered = false;
  let lost: string | null = null;
  while (Date.now() < deadline) {
    // Each new sample: check the rate and the alert, then run the verification query.
    sample = await sampler.waitFor(() => true, deadline - Date.now());
    if (!sample) break;
    watch.newProcessAt(sampler.target.lastRestartMs());
    lost = faultNoLongerHolds(context);
    if (lost) break;
    verification = await runVerification(stack.prometheus, plan.queries.verify, sample.at);
    // The chart's marker shows the pass that counts, not one the window still mixed.
    if (verification.outcome === 'pass' && sample.at.getTime() >= watch.judgedFromMs)
      mark(context, 'verificationPassed', sample.at);
    const resolved = sample.alert?.loaded === true && sample.alert.state === 'inactive';
    if (resolved) mark(context, 'alertResolved', sample.at);
    const below = sample.serverDropRate !== null && sample.serverDropRate < threshold;
    // A server's fresh counters can read well while its clients still lose sessions.
    const clientsBelow = sample.clientDropRate !== null && sample.clientDropRate < threshold;
    traffic = await windowTraffic(stack.prometheus, plan, sample.at);
    const everyCheckPasses =
      below &&
      clientsBelow &&
      enoughTraffic(traffic, plan) &&
      resolved &&
      verification.outcome === 'pass';
    if (watch.observe(sample.at, sample.serverDropRate, everyCheckPasses)) {
      recovered = true;
      break;
    }
  }
  sample ??= sampler.latest;
  verification ??= await runVerification(stack.prometheus, plan.queries.verify);
  for (const query of verification.evidence.queries) {
    clock.evidence.push(
      queryEvidence('verification query', query.expr, query.time, query.samples ?? [], query.error),
    );
  }
  if (sample?.alert) {
    clock.evidence.push({
      kind: 'alert',
      alert: sample.alert.alert,
      state: sample.alert.state,
      at: sample.at.toISOString(),
    });
  }
  const rates = `server ${formatRate(sample?.serverDropRate ?? null)}, client ${formatRate(sample?.clientDropRate ?? null)}`;
  if (lost) return clock.end('no-data', `${lost} (${rates})`);
  if (recovered) {
    return clock.end(
      'pass',
      `recovered ${formatMs(clock.elapsedMs())} after remediation: ${verification.evidence.explanation}; ${rates}; ${Math.round(traffic ?? 0)} new connections per ${formatMs(plan.ruleWindowMs)}; alert inactive`,
    );
  }
  const alertState = sample?.alert?.state ?? 'unknown';
  const onlyEarly = watch.earlyPassNote();
  if (verification.outcome === 'pass') {
    const clientRate = sample?.clientDropRate ?? null;
    const why =
      clientRate === null || clientRate >= threshold
        ? `the clients' drop rate is ${formatRate(clientRate)} (threshold ${threshold} %)`
        : !enoughTraffic(traffic, plan)
          ? tooLittleTraffic(traffic, plan)
          : serverSide(sample, threshold, plan.alert.name);
    return clock.end(
      'fail',
      `the verification query passes but ${why} after ${formatMs(plan.verifyWithinMs)}${onlyEarly}`,
    );
  }
  return clock.end(
    verification.outcome,
    `not recovered within the escalation bound of ${formatMs(plan.verifyWithinMs)}: ${verification.evidence.explanation} (${rates}; alert ${alertState})${onlyEarly}`,
  );
}

/** What the server's side still shows when the query passes: the alert or the rate, named. */
function serverSide(sample: Sample | null, threshold: number, alert: string): string {
  const rate = sample?.serverDropRate ?? null;
  if (rate === null || rate >= threshold)
    return `the server's drop rate is ${formatRate(rate)} (threshold ${threshold} %)`;
  const state = sample?.alert?.state ?? 'unknown';
  return state === 'inactive'
    ? 'every check did not pass together over a full window after the remediation'
    : `alert ${alert} is still ${state}, not resolved`;
}
