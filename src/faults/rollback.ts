// Rollback: every entry not yet reverted, newest first, each bounded in time; a failure
// is recorded and the rest still run. The same loop serves a finished run, an
// interrupted one, and `chaos rollback` after a crash.

import type { LedgerEntry } from './ledger.js';
import type { LedgerKind } from './fault-kind.js';
import { ownershipProblem } from './ownership.js';
import { sleep, withDeadline } from '../bounds.js';

/** One ledger entry undone (`reverted`) or not (`failed`, with why): the journal keeps them. */
export interface RollbackRecord {
  description: string;
  kind: string;
  outcome: 'reverted' | 'failed';
  detail: string;
  at: string;
}

export interface RollbackOptions {
  /** How each kind of entry is undone and proven this run's (the drill's fault registry). */
  ledgerKinds: ReadonlyMap<string, LedgerKind>;
  /** Why a kind has no undoer here, when known (a user's fault module that could not be loaded). */
  missing?: ReadonlyMap<string, string>;
  markReverted: (entry: LedgerEntry) => void;
  log?: (message: string) => void;
  perEntryTimeoutMs?: number;
  /** A pause before each entry; only crash tests set it, to kill `chaos` in mid-rollback. */
  pauseMs?: number;
  /** The ledger's run id: each entry must name what this run provably made (ownership.ts). */
  runId: string;
}

export async function rollbackEntries(
  entries: readonly LedgerEntry[],
  options: RollbackOptions,
): Promise<RollbackRecord[]> {
  const log = options.log ?? (() => {});
  const items: RollbackRecord[] = [];
  for (const entry of entries) {
    if (options.pauseMs) await sleep(options.pauseMs);
    const ledgerKind = options.ledgerKinds.get(entry.kind);
    const undo = ledgerKind?.undo;
    // A user's kind proves ownership in its fault host, right before its undo, in its bounds.
    const undoInHost = ledgerKind?.undoInHost;
    const foreign = undoInHost ? null : ownershipProblem(entry, options.runId, options.ledgerKinds);
    let item: RollbackRecord;
    if (!undo) {
      const why = options.missing?.get(entry.kind);
      item = failed(entry, `no undoer for ledger kind "${entry.kind}"${why ? `: ${why}` : ''}`);
    } else if (foreign) {
      // Kept in the ledger and reported: a person decides, not the ledger's word.
      item = failed(entry, `refused, not this run's to undo: ${foreign}`);
    } else {
      try {
        const detail = undoInHost
          ? await undoInHost(entry.params, options.runId, { log })
          : await bounded(undo(entry.params, { log }), options.perEntryTimeoutMs ?? 15_000, entry);
        options.markReverted(entry);
        item = {
          description: entry.description,
          kind: entry.kind,
          outcome: 'reverted',
          detail,
          at: new Date().toISOString(),
        };
      } catch (error) {
        item = failed(entry, (error as Error).message);
      }
    }
    log(
      `rollback: ${item.outcome === 'reverted' ? item.detail : `FAILED to ${entry.description}: ${item.detail}`}`,
    );
    items.push(item);
  }
  return items;
}

function failed(entry: LedgerEntry, detail: string): RollbackRecord {
  return {
    description: entry.description,
    kind: entry.kind,
    outcome: 'failed',
    detail,
    at: new Date().toISOString(),
  };
}

function bounded<T>(promise: Promise<T>, ms: number, entry: LedgerEntry): Promise<T> {
  return withDeadline(
    promise,
    ms,
    () => new Error(`did not finish "${entry.description}" within ${ms / 1000} s`),
  );
}
