// Preflight: before waiting minutes on an alert, check in seconds that Prometheus loaded
// the rule, that every series its expression reads exists (with two samples, so a rate
// can be taken), and that the value it compares can return a series at all. Stop
// conditions that could never hold are refused here too (stop-preflight.ts).

import { alertState } from '../../prom/alert-state.js';
import { analyzeAlert } from '../../prom/preflight.js';
import { formatDuration } from '../../prom/promql/duration.js';
import { vectorSelectors } from '../../prom/promql/selectors.js';
import { largestRangeWindowMs } from '../../prom/promql/range-windows.js';
import type { AlertingRule } from '../../prom/api-types.js';
import { instantSamples } from '../../prom/verification.js';
import type { DrillContext } from '../drill-context.js';
import { queryEvidence } from '../query-evidence.js';
import type { StepResult } from '../../result/run-result.js';
import { StepClock } from '../step-clock.js';
import { refusal } from '../page-wiring.js';
import { stopConditionProblems } from '../stop-preflight.js';

export async function preflight(context: DrillContext): Promise<StepResult> {
  const { plan, stack, sampler } = context;
  const alert = plan.alert.name;
  const clock = new StepClock('preflight', `alert ${alert} is loaded and can fire`);
  // A page config Alertmanager refuses means no notification is ever sent, whatever fires.
  const refused = context.page ? refusal(context.page) : null;
  if (refused) {
    context.pageRecord?.checks.push({ name: 'config loads', outcome: 'fail', message: refused });
    return clock.end(
      'fail',
      refused,
      'amtool check-config, on the file as written: fix it and run again',
    );
  }
  const state = await alertState(stack.prometheus, alert);
  if (!state.loaded) {
    return clock.end(
      'error',
      `Prometheus has no alerting rule ${alert} loaded (rules file ${plan.alert.shownAs})`,
    );
  }
  if (state.health === 'err') {
    return clock.end(
      'error',
      `Prometheus reports that evaluating ${alert} fails: ${state.lastError ?? 'no detail'}`,
    );
  }

  // A safety net that can never trip is worse than none: the game day would trust it.
  const stopProblems = await stopConditionProblems({
    prometheus: stack.prometheus,
    conditions: plan.stopWhen,
    sleep: (ms) => sampler.sleep(ms),
    scrapeIntervalMs: plan.scrapeIntervalMs,
  });
  if (stopProblems.length > 0) {
    return clock.end(
      'no-data',
      stopProblems.join('; '),
      "A stop condition is PromQL that holds when it returns any sample; fix or remove it (--stop-when or the scenario's stopWhen) and run again",
    );
  }

  // Wait (a few scrapes at most) until each input series has two samples in the window.
  const window = formatDuration(plan.ruleWindowMs);
  const selectors = vectorSelectors(plan.queries.alert);
  const missing = new Set(selectors);
  const deadline = Date.now() + 5 * plan.scrapeIntervalMs + 5000;
  while (missing.size > 0 && Date.now() < deadline) {
    for (const selector of [...missing]) {
      const query = `count(count_over_time(${selector}[${window}]) >= 2)`;
      const at = new Date();
      const samples = instantSamples(await stack.prometheus.query(query, at), query);
      if (samples.length > 0) {
        missing.delete(selector);
        clock.evidence.push(queryEvidence(`series of ${selector}`, query, at, samples));
      }
    }
    if (missing.size > 0) await sampler.sleep(plan.scrapeIntervalMs);
  }
  if (missing.size === selectors.length && selectors.length > 0) {
    return clock.end(
      'no-data',
      `the alert reads series that do not exist: ${[...missing].join(', ')}`,
      `An alert over absent series can never fire. ${plan.target.absentSeries}`,
    );
  }
  const mismatch = await loadedRuleMismatch(context);
  if (mismatch) return clock.end('error', mismatch);
  if (missing.size > 0) {
    // A labelled counter usually appears on its first increment: before any drop, a
    // healthy server has no error series yet. Not a reason to stop, but the alert's value
    // cannot be checked until it exists.
    const absent = [...missing].join(', ');
    clock.evidence.push({
      kind: 'note',
      text: `no series yet for ${absent}; the alert's value is judged once the fault creates them`,
    });
    return clock.end(
      'pass',
      `rule loaded; ${absent} has no series yet (a counter that appears on its first increment), so the alert's value is judged after the fault`,
    );
  }

  const analysis = await analyzeAlert(stack.prometheus, plan.queries.alert, {
    alert,
    file: plan.alert.shownAs,
    ...(plan.forMs > 0 ? { for: formatDuration(plan.forMs) } : {}),
    scrapeIntervalMs: plan.scrapeIntervalMs,
    escalationMs: plan.verifyWithinMs,
  });
  for (const finding of analysis.findings) {
    clock.evidence.push({
      kind: 'note',
      text: `${finding.severity} (${finding.check}): ${finding.message}`,
    });
  }
  if (analysis.explanation) clock.evidence.push({ kind: 'note', text: analysis.explanation });
  if (!analysis.ok) {
    const errors = analysis.findings.filter((f) => f.severity === 'error');
    return clock.end(
      'fail',
      `alert ${alert} cannot fire as written: ${errors.at(-1)?.message ?? 'see the findings'}`,
      analysis.explanation,
    );
  }
  const warnings = analysis.findings.length;
  return clock.end(
    'pass',
    `rule loaded; all ${selectors.length} input series exist; its value returns series${warnings > 0 ? ` (${warnings} warning${warnings > 1 ? 's' : ''} in the evidence)` : ''}`,
  );
}

/**
 * A Prometheus the drill did not start (the external provider) runs its own copy of the
 * rule: its window and `for` must be the ones the plan's bounds were derived from, or the
 * drill would judge the alert against the wrong clock.
 */
async function loadedRuleMismatch(context: DrillContext): Promise<string | null> {
  const { plan, stack } = context;
  if (stack.provider !== 'external') return null;
  const groups = await stack.prometheus.rules();
  const rule = groups
    .flatMap((group) => group.rules)
    .find((r): r is AlertingRule => r.type === 'alerting' && r.name === plan.alert.name);
  if (!rule) return null;
  const windowMs = largestRangeWindowMs(rule.query);
  const forMs = rule.duration * 1000;
  if (windowMs === plan.ruleWindowMs && forMs === plan.forMs) return null;
  return (
    `the Prometheus at ${stack.prometheus.baseUrl} runs ${rule.name} with a ${formatDuration(windowMs ?? 0)} window and for ${formatDuration(forMs)}, ` +
    `but this plan (time scale ${plan.time.timeScale}) assumed ${formatDuration(plan.ruleWindowMs)} and ${formatDuration(plan.forMs)}: ` +
    'run with the --profile or --time-scale that matches the rules it loaded (gameday for rules at runbook scale)'
  );
}
