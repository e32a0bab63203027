// Did the fault bite? Its stated effect read while it held (every fault that states one
// must have shown it engaged at least once), and the drops it added over the baseline on
// the clients' side or the server's. Beside the verdict, where the sessions were lost,
// from evidence read now: the kernel's listen-queue losses and the server's own count of
// the sessions it authenticated since the fault.

import type { Evidence } from '../result/run-result.js';
import type { DrillContext } from './drill-context.js';
import { describeEffects, effectsNeverShown, type EffectRecord } from './effect-watch.js';
import { faultAdded, type FaultAdded } from './fault-added.js';
import { readLossEvidence } from './loss-evidence.js';
import type { Sample } from './sampler.js';
import { windowTally } from './window-tally.js';
import { serverDropRate } from './server-drop-rate.js';

export interface FaultJudgement {
  bit: boolean;
  /** Why it did not bite, with the measurements ('' when it bit). */
  why: string;
  added: FaultAdded;
  /** Sentences of where the clients' sessions were lost, each from evidence. */
  findings: string[];
  /** The kernel lost connections before accept during the fault. */
  beforeAccept: boolean;
  /** For a fault that did not bite: what the drops that were there look like. */
  before?: string;
  evidence: Evidence[];
}

export async function judgeFault(
  context: DrillContext,
  effects: readonly EffectRecord[],
  sample: Sample | null,
): Promise<FaultJudgement> {
  const { plan, stack } = context;
  // The sample the verdict rests on (the firing one, or the last); read again if it failed.
  const serverRate =
    sample && !sample.error
      ? sample.serverDropRate
      : await serverDropRate(stack.prometheus, plan.queries, new Date())
          .then((r) => r.value)
          .catch(() => null);
  const now = context.loadProgress();
  const atFault = context.atFault;
  const clients = atFault?.tallies && now ? windowTally(atFault.tallies, now) : null;
  const added = faultAdded(context.baselineReading, { clients, serverRate }, plan.alert.threshold);
  const sinceMs = Date.now() - (Date.parse(context.markers.faultApplied ?? '') || Date.now());
  const { findings, beforeAccept } = await readLossEvidence(
    context,
    { words: 'since the fault', sinceMs, lossesAtStart: atFault?.losses ?? null },
    clients,
  );

  const evidence: Evidence[] = [
    { kind: 'note', text: `what the fault added over the baseline: ${added.text}` },
    ...(effects.length > 0
      ? [
          {
            kind: 'note' as const,
            text: `the fault's effect, read while it held: ${describeEffects(effects)}`,
          },
        ]
      : []),
    { kind: 'note', text: `where the clients' sessions went: ${findings.join('; ')}` },
  ];
  // Every fault that states an effect must show it; one that cannot be read does not veto.
  const neverShown = effectsNeverShown(effects);
  const bit = added.rose && neverShown.length === 0;
  const why = bit
    ? ''
    : neverShown.length > 0
      ? `its effect never showed (${describeEffects(neverShown)}); the drops: ${added.text}`
      : `it added no drops worth an alert (${added.text})${effects.length > 0 ? `, though ${describeEffects(effects)}` : ''}`;
  return {
    bit,
    why,
    added,
    findings,
    beforeAccept,
    ...(bit ? {} : { before: beforeText(added) }),
    evidence,
  };
}

/** When the clients were already losing sessions, that is what an operator sees; say so. */
function beforeText(added: FaultAdded): string | undefined {
  if (added.clients.before === null || added.clients.before === 0) return undefined;
  return `The clients lost ${added.clients.before.toFixed(2)} % of their sessions before the fault and ${added.clients.during === null ? 'an unknown share' : `${added.clients.during.toFixed(2)} %`} during it: those drops are the system's own, not the fault's. Find their cause first; a drill cannot tell a fault's effect from them.`;
}
