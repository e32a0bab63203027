// What a time scale must leave workable, checked on the plan's scaled numbers before
// anything starts: a rule window that holds at least two scrapes (rate() needs two
// samples; the scrape interval never goes below 1 s), an evaluation interval of at least
// a millisecond's worth Prometheus can run, and waits a Node timer can hold (below 2^31
// ms, about 24.8 days; a longer one fires at once).

import { formatDuration } from '../prom/promql/duration.js';

const formatMs = (ms: number) => formatDuration(Math.round(ms));

const TIMER_LIMIT_MS = 2 ** 31 - 1;

export function timeScaleProblems(
  timeScale: number,
  plan: {
    ruleWindowMs: number;
    scrapeIntervalMs: number;
    evaluationIntervalMs: number;
    baselineMs: number;
    expectWithinMs: number;
    verifyWithinMs: number;
  },
): string[] {
  const problems: string[] = [];
  if (plan.ruleWindowMs < 2 * plan.scrapeIntervalMs) {
    problems.push(
      `time scale ${timeScale}: the rule window becomes ${formatMs(plan.ruleWindowMs)}, shorter than two scrapes (${formatMs(2 * plan.scrapeIntervalMs)}), so rate() has nothing to work on; expected a time scale that keeps it at least that long (--profile ci is 0.1)`,
    );
  }
  for (const [what, ms] of [
    ['baseline', plan.baselineMs],
    ['alert bound', plan.expectWithinMs],
    ['escalation bound (verify.within)', plan.verifyWithinMs],
  ] as const) {
    if (ms > TIMER_LIMIT_MS)
      problems.push(
        `time scale ${timeScale}: the ${what} becomes ${formatMs(ms)}, longer than a timer can wait (about 24.8 days); expected a shorter duration or a smaller time scale`,
      );
  }
  return problems;
}
