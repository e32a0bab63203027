// The bound each step is measured against, as progress shows it ("12.0 s / 68.0 s"):
// the plan's baseline, alert and recovery bounds, and the page's tighter one.

import type { DrillPlan } from '../scenario/plan.js';
import type { StepName } from '../result/run-result.js';

export function boundOf(plan: DrillPlan, step: StepName): { boundMs?: number } {
  if (step === 'baseline') return { boundMs: plan.baselineMs };
  if (step === 'expect') return { boundMs: plan.expectWithinMs };
  if (step === 'verify') return { boundMs: plan.verifyWithinMs };
  if (step === 'page' && plan.page) {
    const bounds = [plan.page.fromFaultMs, plan.page.fromFiringMs].filter((b) => b !== null);
    if (bounds.length > 0) return { boundMs: Math.min(...bounds) };
  }
  return {};
}
