// The plan as the report shows it: the time scale and every bound the verdict used.

import type { DrillPlan } from '../scenario/plan.js';
import type { PlanSummary } from '../result/run-result.js';

export function planSummary(plan: DrillPlan): PlanSummary {
  return {
    timeScale: plan.time.timeScale,
    profile: plan.time.name,
    alert: plan.alert.name,
    threshold: plan.alert.threshold,
    ruleWindowMs: plan.ruleWindowMs,
    forMs: plan.forMs,
    evaluationIntervalMs: plan.evaluationIntervalMs,
    scrapeIntervalMs: plan.scrapeIntervalMs,
    baselineMs: plan.baselineMs,
    expectWithinMs: plan.expectWithinMs,
    verifyWithinMs: plan.verifyWithinMs,
    verifyWindowMs: plan.verifyWindowMs,
    theoreticalMinimumMs: plan.theoreticalMinimumMs,
    queries: {
      alert: plan.queries.alert,
      dropRate: plan.queries.dropRate,
      clientDropRate: plan.queries.clientDropRate,
      verify: plan.queries.verify,
    },
  };
}
