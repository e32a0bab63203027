// Baseline: steady state before the fault. The drop rate must be measurable and under
// the threshold, the alert inactive, and there must be enough traffic for a rate to
// mean something (0.5 % of 20 connections is a tenth of a drop).

import { currentValue } from '../../prom/verification.js';
import type { DrillContext } from '../drill-context.js';
import { queryEvidence } from '../query-evidence.js';
import type { StepResult } from '../../result/run-result.js';
import { describeWindowTally, windowTally } from '../window-tally.js';
import { formatMs, formatRate, StepClock } from '../step-clock.js';

export async function baseline(context: DrillContext): Promise<StepResult> {
  const { plan, stack, sampler } = context;
  const threshold = plan.alert.threshold;
  const clock = new StepClock(
    'baseline',
    `steady state: drop rate below ${threshold} %, alert inactive, enough traffic`,
    plan.baselineMs,
  );
  const before = context.loadProgress();
  await sampler.sleep(plan.baselineMs);

  const at = new Date();
  const after = context.loadProgress();
  const trafficQuery = plan.queries.traffic;
  const [server, clientValue, traffic, serverReasons] = await Promise.all([
    currentValue(stack.prometheus, plan.queries.dropRate, at),
    context.clientRate.value(at),
    currentValue(stack.prometheus, trafficQuery, at),
    currentValue(stack.prometheus, plan.queries.serverDropsByReason, at),
  ]);
  const client = { value: clientValue };
  clock.evidence.push(
    queryEvidence('server-observed drop rate (%)', plan.queries.dropRate, at, server.samples),
    queryEvidence('new connections per rule window', trafficQuery, at, traffic.samples),
    // Every drop the server counted, by its reason (no series: it counted none, or does not say).
    queryEvidence(
      "the target's drops by reason in the rule window",
      plan.queries.serverDropsByReason,
      at,
      serverReasons.samples,
    ),
    { kind: 'note', text: `client-observed drop rate: ${formatRate(clientValue)}` },
  );
  if (before && after)
    clock.evidence.push({
      kind: 'note',
      text: `the clients during the baseline (${formatMs(plan.baselineMs)}): ${describeWindowTally(windowTally(before, after))}`,
    });
  const alert = sampler.latest?.alert;
  if (alert)
    clock.evidence.push({
      kind: 'alert',
      alert: alert.alert,
      state: alert.state,
      at: at.toISOString(),
    });

  const rates = `server ${formatRate(server.value)}, client ${formatRate(client.value)}`;
  if (traffic.samples.length === 0) {
    return clock.end(
      'no-data',
      `the traffic query returned no series, so there is no count of new connections: \`${trafficQuery}\``,
    );
  }
  if (traffic.value === null || traffic.value < plan.minConnectionsPerWindow) {
    return clock.end(
      'no-data',
      `too little traffic to measure a rate: ${traffic.value === null ? 'no finite count of' : Math.round(traffic.value)} new connections in the last ${formatMs(plan.ruleWindowMs)}, expected at least ${plan.minConnectionsPerWindow}`,
    );
  }
  if (server.value === null) {
    const what = server.samples.length === 0 ? 'returned no series' : 'returned no finite value';
    return clock.end(
      'no-data',
      `the drop-rate query ${what} after ${formatMs(plan.baselineMs)} of load (${rates}): \`${plan.queries.dropRate}\``,
    );
  }
  if (server.value >= threshold) {
    return clock.end(
      'fail',
      `the system was already dropping connections before the fault: ${rates} (threshold ${threshold} %); the target's reasons: ${reasonsText(serverReasons.samples)}`,
    );
  }
  if (!alert) {
    return clock.end(
      'no-data',
      `the alert's state could not be read at the end of the baseline (${rates})`,
    );
  }
  if (alert.state !== 'inactive') {
    return clock.end('fail', `alert ${alert.alert} was already ${alert.state} before the fault`);
  }
  return clock.end(
    'pass',
    `steady: ${rates}; ${Math.round(traffic.value)} new connections per ${formatMs(plan.ruleWindowMs)}; alert inactive`,
  );
}

/** `reset 1, guard_fd 2` from a by-reason query; what it means when there is nothing. */
function reasonsText(samples: { labels: Record<string, string>; value: number }[]): string {
  if (samples.length === 0) return 'none given (no series)';
  return samples.map((s) => `${s.labels.reason ?? '?'} ${Math.round(s.value)}`).join(', ');
}
