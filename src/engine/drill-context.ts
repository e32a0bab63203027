// What every phase of one drill shares: the plan, the stack, the sampler, the ledger,
// the markers and action records that end up in the result.

import type { Ledger } from '../faults/ledger.js';
import type { DrillPlan } from '../scenario/plan.js';
import type { DrillStack } from '../stack/drill-stack.js';
import type { LoadProgress } from '../load/metrics/progress.js';
import type { ClientRate } from './client-rate.js';
import type { FirstMinutesItem } from '../result/run-result.js';
import type { EventHub } from '../result/events.js';
import type { ActionEvidence, MarkerName, PageRecord } from '../result/run-result.js';
import type { PageWiring } from './page-wiring.js';
import type { WindowTally } from './window-tally.js';
import type { LoadTallies } from '../load/metrics/progress.js';
import type { ListenLosses } from '../proc/listen-overflows.js';
import type { AppliedFault } from './effect-watch.js';
import type { Sampler } from './sampler.js';

export interface DrillContext {
  plan: DrillPlan;
  stack: DrillStack;
  sampler: Sampler;
  clientRate: ClientRate;
  /** What the clients have seen so far, by drop reason. */
  loadProgress: () => LoadProgress | null;
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
  /** Set when the alert stayed silent because its series never saw the drops the clients saw. */
  alertBlind: boolean;
  /** What the runbook's first minutes found, captured when the alert fired. */
  firstMinutes?: FirstMinutesItem[];
  /** The page's wiring (webhook, config verdict); null when the scenario states no page. */
  page: PageWiring | null;
  /** What the page steps found, for the result. */
  pageRecord?: PageRecord;
  /** What baseline read at its end: the fault is judged by what it adds over it. */
  baselineReading?: BaselineReading;
  /** The faults as applied, with the effect each must have. */
  appliedFaults: AppliedFault[];
  /** When the fault was in place: the clients' tallies and the target's listen-queue losses. */
  atFault?: { tallies: LoadTallies | null; losses: ListenLosses | null };
  /** Game-day mode: when the operator was asked to remediate. */
  operator?: { promptedAt: string };
}

export function mark(context: DrillContext, marker: MarkerName, at = new Date()): void {
  if (context.markers[marker]) return;
  const iso = at.toISOString();
  context.markers[marker] = iso;
  context.events.emit({ type: 'marker', scenario: context.plan.scenario.name, marker, at: iso });
}

export interface BaselineReading {
  at: string;
  /** Percent; null when unknown. */
  serverRate: number | null;
  clientRate: number | null;
  /** What the clients saw over the baseline, by outcome and drop reason. */
  clients?: WindowTally;
}
