// When the alert could not see the cause (drops before accept), its own recovery proves
// nothing either; the runbook's remediation is then judged by what the clients see:
// their drop rate back under the threshold within the escalation bound, counted only once
// the rate's window holds nothing from before the remediation (recovery-watch.ts).

import type { DrillContext } from '../drill-context.js';
import { mark } from '../drill-context.js';
import type { StepResult } from '../../result/run-result.js';
import { RecoveryWatch } from '../recovery-watch.js';
import { formatMs, formatRate, StepClock } from '../step-clock.js';

export async function verifyClients(context: DrillContext): Promise<StepResult> {
  const { plan, sampler } = context;
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
  const recovered = await sampler.waitFor((sample) => {
    watch.newProcessAt(sampler.target.lastRestartMs());
    return watch.observe(
      sample.at,
      sample.clientDropRate,
      sample.clientDropRate !== null && sample.clientDropRate < threshold,
    );
  }, plan.verifyWithinMs);
  const last = recovered ?? sampler.latest;
  clock.evidence.push({
    kind: 'note',
    text: `client-observed drop rate ${formatRate(last?.clientDropRate ?? null)}, server-observed ${formatRate(last?.serverDropRate ?? null)}`,
  });
  if (recovered) {
    mark(context, 'verificationPassed', recovered.at);
    return clock.end(
      'pass',
      `the clients' drop rate fell to ${formatRate(recovered.clientDropRate)} ${formatMs(clock.elapsedMs())} after remediation (judged on the clients: the server never counted these drops)`,
    );
  }
  return clock.end(
    'fail',
    `the clients' drop rate was still ${formatRate(last?.clientDropRate ?? null)} after ${formatMs(plan.verifyWithinMs)}${watch.earlyPassNote()}`,
  );
}
