// Undoes what crashed runs left behind: every ledger whose owning `chaos` process is
// gone. `chaos rollback` calls this, and so does every `chaos run` before it starts.

import { existsSync, unlinkSync } from 'node:fs';
import { registryForEntries } from './ledger-fault-kinds.js';
import { abandonedLedgers, markRevertedInFile, readLedgerFile } from './ledger.js';
import { rollbackEntries, type RollbackRecord } from './rollback.js';
import { lockLedger } from './ledger-lock.js';
import { ledgerDir } from './state-dir.js';

export interface RecoveredRun {
  runId: string;
  file: string;
  items: RollbackRecord[];
  /** True when every entry was undone and the ledger file removed. */
  complete: boolean;
}

export async function recoverAbandonedRuns(
  dir = ledgerDir(),
  log: (message: string) => void = () => {},
): Promise<RecoveredRun[]> {
  const recovered: RecoveredRun[] = [];
  for (const found of abandonedLedgers(dir)) {
    const lock = lockLedger(found.file);
    if ('heldBy' in lock) {
      log(`run ${found.runId}: skipped, another chaos (pid ${lock.heldBy.pid}) is rolling it back`);
      continue;
    }
    try {
      // Read again under the lock: what a rollback before ours undid is not undone twice
      // (and a ledger it finished is gone).
      if (!existsSync(found.file)) continue;
      const ledger = readLedgerFile(found.file);
      if (ledger.pending.length > 0)
        log(`recovering run ${ledger.runId}: ${ledger.pending.length} change(s) to undo`);
      const { registry, missing } = await registryForEntries(ledger.pending);
      const items = await rollbackEntries(ledger.pending, {
        ledgerKinds: registry.ledgerKinds,
        missing,
        markReverted: (entry) => markRevertedInFile(ledger.file, entry),
        log,
        runId: ledger.runId,
      });
      const complete = readLedgerFile(ledger.file).pending.length === 0;
      if (complete) unlinkSync(ledger.file);
      recovered.push({ runId: ledger.runId, file: ledger.file, items, complete });
    } finally {
      lock.release();
    }
  }
  return recovered;
}
