// Baseline: steady state before the fault, as the server and the clients both see it.
// The server's drop rate must be measurable and under the threshold (0 % when its drop
// counter has not appeared yet: no drop counted), the clients' too (a server that drops
// sessions it never counts is not steady), the alert inactive, and there must be enough
// traffic for a rate to mean something (0.5 % of 20 connections is a tenth of a drop).
// What it read is kept: the fault is judged by what it adds over it.

import { currentValue } from '../../prom/verification.js';
import type { DrillContext } from '../drill-context.js';
import { queryEvidence } from '../query-evidence.js';
import type { StepResult } from '../../result/run-result.js';
import { notYetCountedNote, serverDropRate } from '../server-drop-rate.js';
import { describeWindowTally, windowTally, type WindowTally } from '../window-tally.js';
import { formatMs, formatRate, StepClock } from '../step-clock.js';
import { readLossEvidence, targetListenLosses } from '../loss-evidence.js';

export async function baseline(context: DrillContext): Promise<StepResult> {
  const { plan, stack, sampler } = context;
  const threshold = plan.alert.threshold;
  const clock = new StepClock(
    'baseline',
    `steady state: drop rate below ${threshold} % on the server and the clients, alert inactive, enough traffic`,
    plan.baselineMs,
  );
  const started = Date.now();
  let before = context.loadProgress();
  let lossesBefore = await targetListenLosses(stack).catch(() => null);
  await sampler.sleep(plan.baselineMs);
  // A restart in the window (its supervisor's, after a crash) cut sessions that say nothing
  // of the steady state: measured once more, over a window that starts after it.
  const restartedAt = sampler.target.lastRestartMs();
  if (restartedAt !== null && restartedAt >= started) {
    clock.evidence.push({
      kind: 'note',
      text: `the target restarted during the baseline (${new Date(restartedAt).toISOString()}); measured again over ${formatMs(plan.baselineMs)} from after the restart`,
    });
    before = context.loadProgress();
    lossesBefore = await targetListenLosses(stack).catch(() => null);
    await sampler.sleep(plan.baselineMs);
  }

  const at = new Date();
  const after = context.loadProgress();
  const trafficQuery = plan.queries.traffic;
  const [server, clientValue, traffic, serverReasons] = await Promise.all([
    serverDropRate(stack.prometheus, plan.queries, at),
    context.clientRate.value(at),
    currentValue(stack.prometheus, trafficQuery, at),
    currentValue(stack.prometheus, plan.queries.serverDropsByReason, at),
  ]);
  const clients: WindowTally | null = before && after ? windowTally(before, after) : null;
  context.baselineReading = {
    at: at.toISOString(),
    serverRate: server.value,
    clientRate: clientValue,
    ...(clients ? { clients } : {}),
  };
  clock.evidence.push(
    queryEvidence(
      'server-observed drop rate (%)',
      plan.queries.dropRate,
      at,
      server.samples,
      server.notYetCounted ? notYetCountedNote(server.notYetCounted) : undefined,
    ),
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
  const clientsSaw = clients
    ? `the clients during the baseline (${formatMs(plan.baselineMs)}): ${describeWindowTally(clients)}`
    : null;
  if (clientsSaw) clock.evidence.push({ kind: 'note', text: clientsSaw });
  const alert = sampler.latest?.alert;
  if (alert)
    clock.evidence.push({
      kind: 'alert',
      alert: alert.alert,
      state: alert.state,
      at: at.toISOString(),
    });

  const rates = `server ${formatRate(server.value)}${server.notYetCounted ? ' (no drop counted yet)' : ''}, client ${formatRate(clientValue)}`;
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
  if (clientValue === null) {
    return clock.end(
      'no-data',
      `no client session ended in the last ${formatMs(plan.ruleWindowMs)}, so the clients' drop rate is unknown (${rates}): lengthen the baseline or shorten the sessions' lifetimes`,
    );
  }
  if (clientValue >= threshold) {
    // Where they were lost, from what can be read now over the same window.
    const { findings } = await readLossEvidence(
      context,
      { words: 'during the baseline', sinceMs: plan.baselineMs, lossesAtStart: lossesBefore },
      clients,
    );
    return clock.end(
      'fail',
      `the clients were already losing sessions before the fault: ${rates} (threshold ${threshold} %)${clientsSaw ? `; ${clientsSaw}` : ''}`,
      `These drops come before any fault, so a fault's effect could not be told from them: find their cause before drilling this alert. Where they were lost: ${findings.join('; ')}.`,
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
