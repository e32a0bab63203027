// Game-day mode: instead of applying the remediation itself, the drill shows the
// runbook's remediation for this fault and leaves it to the operator, with the fault
// still active; the verify step that follows judges their work exactly as it would
// judge the drill's own, within the runbook's escalation time.

import type { DrillContext } from '../drill-context.js';
import type { StepResult } from '../../result/run-result.js';
import { StepClock } from '../step-clock.js';

export function operatorInstructions(context: DrillContext): string {
  const { plan, stack } = context;
  const pid = stack.target.process()?.pid;
  const written = plan.scenario.runbook?.remediation;
  const fallback = plan.scenario.remediate
    .map((spec) => plan.faults.create(spec).intent)
    .join('; then ');
  const text = written ?? fallback;
  return pid === undefined ? text : text.replaceAll('{targetPid}', String(pid));
}

export async function awaitOperator(context: DrillContext): Promise<StepResult> {
  const { plan, events } = context;
  const clock = new StepClock(
    'remediate',
    "the operator applies the runbook's remediation (fault still active)",
  );
  const remediation = operatorInstructions(context);
  const at = new Date();
  context.operator = { promptedAt: at.toISOString() };
  events.emit({
    type: 'awaiting-operator',
    scenario: plan.scenario.name,
    remediation,
    boundMs: plan.verifyWithinMs,
    at: at.toISOString(),
  });
  context.remediations.push({
    kind: 'action',
    role: 'remediation',
    summary: 'left to the operator (game-day mode)',
    how: `shown to the operator at ${at.toISOString()}: ${remediation}`,
    at: at.toISOString(),
    details: { by: 'operator' },
  });
  clock.evidence.push({ kind: 'note', text: `Operator: ${remediation}` });
  return clock.end(
    'pass',
    `waiting for the operator, with the fault active, for up to ${Math.round(plan.verifyWithinMs / 1000)} s: ${remediation}`,
  );
}
