// An undoer reverts one kind of ledger entry from its recorded params alone, so the
// same code serves the end of a run and `chaos rollback` after a crash.

export interface UndoContext {
  log: (message: string) => void;
}

/** Resolves to a sentence saying what it did ("removed toxic x", "nothing left: ..."). */
export type Undoer = (params: Record<string, unknown>, context: UndoContext) => Promise<string>;
