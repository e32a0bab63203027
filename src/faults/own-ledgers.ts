// The ledgers this very process holds open: what a drill still has to undo, read from
// the files themselves, so a second Ctrl-C can say it while the engine is busy undoing.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLedgerFile, type AbandonedLedger } from './ledger.js';
import { ledgerDir } from './state-dir.js';

/** Ledgers whose owner is this process, with their entries not yet reverted. */
export function ownLedgers(dir = ledgerDir(), pid = process.pid): AbandonedLedger[] {
  if (!existsSync(dir)) return [];
  const ledgers: AbandonedLedger[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.jsonl')) continue;
    try {
      const ledger = readLedgerFile(join(dir, name));
      if (ledger.owner?.pid === pid) ledgers.push(ledger);
    } catch {
      // Removed between the listing and the read: that drill is done.
    }
  }
  return ledgers;
}
