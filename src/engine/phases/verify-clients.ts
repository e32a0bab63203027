// When the alert could not see the cause (drops before accept), its own recovery proves
// nothing either; the runbook's remediation is then judged by what the clients see:
// their drop rate back under the threshold within the escalation bound, over as much
// traffic as the baseline required, counted only once the rate's window holds nothing
// from before the remediation or the target's newest process (recovery-watch.ts).

import type { DrillContext } from '../drill-context.js';
import { mark } from '../drill-context.js';
import type { StepResult } from '../../result/run-result.js';
import { RecoveryWatch } from '../recovery-watch.js';
import { faultNoLongerHolds } from '../fault-lost.js';
import { enoughTraffic, tooLittleTraffic, windowTraffic } from '../window-traffic.js';
import type { Sample } from '../sampler.js';
import { formatMs, formatRate, StepClock } from '../step-clock.js';

export async function verifyClients(context: DrillContext): Promise<StepResult> {
  const { plan, sampler, stack } = context;
  const threshold = plan.alert.threshold;
  const clock = new StepClock(
    'verify',
    `clients' drop rate back under ${threshold} % (the alert cannot see this cause)`,
    plan.verifyWithinMs,
  );
  const watch = new RecoveryWatch(
    Date.parse(context.markers.remediationApplied ?? '') || Date.now(),
    plan.ruleWindowMs,
  );
  const deadline = Date.now() + plan.verifyWithinMs;
  let last: Sample | null = sampler.latest;
  let traffic: number | null = null;
  let recovered: Sample | null = null;
  let lost: string | null = null;
  while (!recovered && Date.now() < deadline) {
    const sample = await sampler.waitFor(() => true, deadline - Date.now());
    if (!sample) break;
    last = sample;
    watch.newProcessAt(sampler.target.lastRestartMs());
    lost = faultNoLongerHolds(context);
    if (lost) break;
    traffic = await windowTraffic(stack.prometheus, plan, sample.at);
    const below = sample.clientDropRate !== null && sample.clientDropRate < threshold;
    if (watch.observe(sample.at, sample.clientDropRate, below && enoughTraffic(traffic, plan)))
      recovered = sample;
  }
  clock.evidence.push({
    kind: 'note',
    text: `client-observed drop rate ${formatRate(last?.clientDropRate ?? null)}, server-observed ${formatRate(last?.serverDropRate ?? null)}, ${traffic === null ? 'no count of' : Math.round(traffic)} new connections per ${formatMs(plan.ruleWindowMs)}`,
  });
  if (lost) return clock.end('no-data', lost);
  if (recovered) {
    mark(context, 'verificationPassed', recovered.at);
    return clock.end(
      'pass',
      `the clients' drop rate fell to ${formatRate(recovered.clientDropRate)} ${formatMs(clock.elapsedMs())} after remediation (judged on the clients: the server never counted these drops)`,
    );
  }
  const clientRate = last?.clientDropRate ?? null;
  const why =
    !enoughTraffic(traffic, plan) && clientRate !== null && clientRate < threshold
      ? `the clients' drop rate was ${formatRate(clientRate)}, but over ${tooLittleTraffic(traffic, plan)}`
      : `the clients' drop rate was still ${formatRate(clientRate)}`;
  return clock.end('fail', `${why} after ${formatMs(plan.verifyWithinMs)}${watch.earlyPassNote()}`);
}
