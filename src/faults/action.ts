// One interface for faults and remediations (Toxiproxy's one-method toxics): `apply`
// records its undo in the ledger *before* it changes anything, and returns exactly how
// it acted on this machine, for the report. Reverting is the ledger's job (rollback.ts),
// so a crashed run is undone by the same code as a finished one.

import type { DrillStack } from '../stack/drill-stack.js';
import type { LedgerEntry } from './ledger.js';

/** Why namespaces cannot be used here: set by the engine when it could not make one, for the kinds that needed it. */
export const NETNS_UNAVAILABLE_KEY = 'netns.unavailable';

/** What an action may do with the ledger: record an undo before it changes anything. */
export interface ActionLedger {
  record(kind: string, params: Record<string, unknown>, description: string): LedgerEntry;
}

export interface ActionContext {
  ledger: ActionLedger;
  stack: DrillStack;
  /** Unique per drill: names of cgroups and namespaces carry it. */
  drillId: string;
  /** State one action leaves for a later one (the cgroup a memory fault made, for the remediation that raises its ceiling). */
  shared: Map<string, unknown>;
  /** Changes outside what the framework created need an explicit flag (`--allow-host-sysctl`). */
  allowHostChanges: boolean;
  log: (message: string) => void;
}

export interface AppliedAction {
  kind: string;
  /** What it did, in a sentence: "lowered the target's soft nofile limit to 312". */
  summary: string;
  /** Exactly how, on this machine: the command or API call, values before and after. */
  how: string;
  details: Record<string, unknown>;
}

export interface Action {
  kind: string;
  /** What it will do, before it runs. */
  intent: string;
  apply(context: ActionContext): Promise<AppliedAction>;
}

/** An action that could not be carried out on this machine: the drill is an `error`, never a pass. */
export class ActionUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionUnavailableError';
  }
}
