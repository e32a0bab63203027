// What every phase of one drill shares: the plan, the stack, the sampler, the ledger,
// the markers and action records that end up in the result.

import type { Ledger } from '../faults/ledger.js';
import type { DrillPlan } from '../scenario/plan.js';
import type { DrillStack } from '../stack/drill-stack.js';
import type { ClientRate } from './client-rate.js';
import type { EventHub } from './events.js';
import type { ActionEvidence, MarkerName } from './run-result.js';
import type { Sampler } from './sampler.js';

export interface DrillContext {
  plan: DrillPlan;
  stack: DrillStack;
  sampler: Sampler;
  clientRate: ClientRate;
  ledger: Ledger;
  /** Unique per drill, for names of what it creates (cgroups, namespaces). */
  drillId: string;
  /** State faults leave for remediations. */
  shared: Map<string, unknown>;
  allowHostChanges: boolean;
  events: EventHub;
  markers: Partial<Record<MarkerName, string>>;
  faults: ActionEvidence[];
  remediations: ActionEvidence[];
  log: (message: string) => void;
}

export function mark(context: DrillContext, marker: MarkerName, at = new Date()): void {
  if (context.markers[marker]) return;
  const iso = at.toISOString();
  context.markers[marker] = iso;
  context.events.emit({ type: 'marker', scenario: context.plan.scenario.name, marker, at: iso });
}
