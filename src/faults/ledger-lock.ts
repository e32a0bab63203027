// One rollback at a time per ledger: two `chaos rollback` (or a rollback and a starting
// `chaos run`, which recovers crashed runs first) must never undo the same entry twice.
// The lock is a file made exclusively (`wx`) beside the ledger, holding its owner's
// identity; one whose owner has ended is stale and taken over.

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import {
  identify,
  isSameProcessAlive,
  type ProcessIdentity,
} from '../stack/process/proc-identity.js';

export interface LedgerLock {
  release(): void;
}

/** The lock, or the identity of the live process holding it. */
export function lockLedger(file: string): LedgerLock | { heldBy: ProcessIdentity } {
  const path = `${file}.lock`;
  const me = identify(process.pid) ?? { pid: process.pid, startTime: -1 };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return {
        release: () => {
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder && isSameProcessAlive(holder)) return { heldBy: holder };
      // Its owner has ended (or wrote nothing before dying): stale, taken over once.
      try {
        unlinkSync(path);
      } catch {
        // another rollback took it over first; the next attempt says who holds it
      }
    }
  }
  const holder = readHolder(path);
  return { heldBy: holder ?? { pid: 0, startTime: 0 } };
}

function readHolder(path: string): ProcessIdentity | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as ProcessIdentity;
    return typeof value.pid === 'number' ? value : null;
  } catch {
    return null;
  }
}
