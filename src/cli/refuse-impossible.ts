// `chaos run` refuses a drill with a step it could never carry out on the chosen target,
// before anything starts (exit 2): every such step of every drill, one line each, said
// together with every other problem of the input.

import type { StackChoice } from '../engine/start-drill-stack.js';
import { impossibleSteps } from '../engine/impossible-steps.js';
import type { DrillPlan } from '../scenario/plan.js';
import { UsageError } from './usage-error.js';

export function refuseImpossibleSteps(
  plans: readonly DrillPlan[],
  stack: StackChoice,
  manualRemediation: boolean,
): void {
  const external =
    stack.provider === 'external'
      ? stack.target
      : stack.provider === 'local'
        ? stack.externalTarget
        : undefined;
  const reach = {
    startedByDrill: external === undefined,
    address: external ? `${external.stream.host}:${external.stream.port}` : "the drill's own",
    processKnown: external?.process !== undefined,
    manualRemediation,
  };
  const problems = plans.flatMap((plan) =>
    impossibleSteps(plan, reach).map((line) => `${plan.shownAs}: ${line}`),
  );
  if (problems.length > 0) throw new UsageError(problems);
}

/** Runs each check, then throws one UsageError with every line they refused. */
export async function refuseTogether(checks: (() => unknown)[]): Promise<void> {
  const lines: string[] = [];
  for (const check of checks) {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      lines.push(...error.lines);
    }
  }
  if (lines.length > 0) throw new UsageError(lines);
}
