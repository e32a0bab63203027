// Inject and remediate are the same motion: apply each action (its undo already in the
// ledger), keep exactly how it acted. An action that cannot act here is an `error`.

import { mark, type DrillContext } from '../drill-context.js';
import type { ActionEvidence, StepResult } from '../../result/run-result.js';
import { StepClock } from '../step-clock.js';
import { sleep } from '../../bounds.js';
import { targetListenLosses } from '../loss-evidence.js';

export async function applyActions(
  context: DrillContext,
  role: 'fault' | 'remediation',
  specs: readonly { type: string }[],
): Promise<StepResult> {
  const step = role === 'fault' ? 'inject' : 'remediate';
  const title =
    role === 'fault' ? 'inject the fault' : "apply the runbook's remediation (fault still active)";
  const clock = new StepClock(step, title);
  const records = role === 'fault' ? context.faults : context.remediations;
  // CHAOS_TEST_ACTION_PAUSE_MS exists for crash tests: a pause after each action's intent
  // is printed and before it records or changes anything, to kill `chaos` between two actions.
  const pauseMs = Number(process.env.CHAOS_TEST_ACTION_PAUSE_MS ?? 0) || 0;
  for (const spec of specs) {
    const action = context.plan.faults.create(spec);
    context.log(`${role}: ${action.intent}`);
    if (pauseMs) await sleep(pauseMs);
    let applied;
    try {
      applied = await action.apply({
        ledger: context.ledger,
        stack: context.stack,
        drillId: context.drillId,
        shared: context.shared,
        allowHostChanges: context.allowHostChanges,
        log: context.log,
      });
    } catch (error) {
      const message = `could not ${action.intent}: ${(error as Error).message}`;
      clock.evidence.push({ kind: 'note', text: message });
      return clock.end('error', message);
    }
    const evidence: ActionEvidence = {
      kind: 'action',
      role,
      summary: applied.summary,
      how: applied.how,
      at: new Date().toISOString(),
      details: applied.details,
    };
    records.push(evidence);
    clock.evidence.push(evidence);
    if (role === 'fault')
      context.appliedFaults.push({
        type: spec.type,
        applied,
        ...(context.plan.faults.kind(spec.type)?.effect
          ? { effect: context.plan.faults.kind(spec.type)!.effect! }
          : {}),
      });
    context.log(`${role}: ${applied.summary} (${applied.how})`);
  }
  // The starting point of "what the fault added": the clients' tallies and the kernel's
  // listen-queue losses at the moment every fault is in place.
  if (role === 'fault')
    context.atFault = {
      tallies: context.loadProgress(),
      losses: await targetListenLosses(context.stack).catch(() => null),
    };
  mark(context, role === 'fault' ? 'faultApplied' : 'remediationApplied');
  return clock.end('pass', records.map((r) => r.summary).join('; '));
}
