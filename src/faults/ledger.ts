// The rollback ledger: every change the framework makes (a child process, a lowered
// limit, a toxic, a cgroup, a namespace) is written here, and fsynced, *before* it
// takes effect. Rollback, whether at the end of a run or by `chaos rollback` after a
// crash, replays the entries not yet reverted in reverse order.

import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  identify,
  isSameProcessAlive,
  type ProcessIdentity,
} from '../stack/process/proc-identity.js';
import { assertTrustedLedgerDir, ensureLedgerDir, ledgerDir } from './state-dir.js';

export interface LedgerEntry {
  id: number;
  /** Which undoer reverts it: 'process', 'nofile', 'toxic', 'proxy', ... */
  kind: string;
  /** Everything the undoer needs, serializable, so a new process can revert it. */
  params: Record<string, unknown>;
  description: string;
  recordedAt: string;
  reverted: boolean;
}

type Line =
  | { op: 'open'; runId: string; owner: ProcessIdentity; at: string }
  | {
      op: 'intent';
      id: number;
      kind: string;
      params: Record<string, unknown>;
      description: string;
      at: string;
    }
  | { op: 'reverted'; id: number; at: string };

export class Ledger {
  private readonly fd: number;
  private readonly entries: LedgerEntry[] = [];
  private closed = false;

  private constructor(
    readonly runId: string,
    readonly file: string,
  ) {
    this.fd = openSync(file, 'a');
  }

  static open(runId: string, dir = ledgerDir()): Ledger {
    ensureLedgerDir(dir);
    const file = join(dir, `${runId}.jsonl`);
    const owner = identify(process.pid) ?? { pid: process.pid, startTime: -1 };
    // The file appears with its owner already in it (written aside, then renamed): a
    // `chaos rollback` looking in between must never see an ownerless, "abandoned" ledger.
    const opening = `${file}.opening`;
    const line: Line = { op: 'open', runId, owner, at: new Date().toISOString() };
    const fd = openSync(opening, 'wx');
    try {
      writeSync(fd, `${JSON.stringify(line)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(opening, file);
    return new Ledger(runId, file);
  }

  /** Writes the intent durably; call before making the change. */
  record(kind: string, params: Record<string, unknown>, description: string): LedgerEntry {
    const entry: LedgerEntry = {
      id: this.entries.length + 1,
      kind,
      params,
      description,
      recordedAt: new Date().toISOString(),
      reverted: false,
    };
    this.entries.push(entry);
    this.write({ op: 'intent', id: entry.id, kind, params, description, at: entry.recordedAt });
    return entry;
  }

  markReverted(entry: LedgerEntry): void {
    entry.reverted = true;
    this.write({ op: 'reverted', id: entry.id, at: new Date().toISOString() });
  }

  /** Entries not yet reverted, newest first: the order rollback undoes them. */
  pending(): LedgerEntry[] {
    return this.entries.filter((e) => !e.reverted).reverse();
  }

  /** Closes the file, and deletes it when nothing is left to undo. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    if (this.pending().length === 0 && existsSync(this.file)) unlinkSync(this.file);
  }

  private write(line: Line): void {
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    fsyncSync(this.fd);
  }
}

export interface AbandonedLedger {
  file: string;
  runId: string;
  owner: ProcessIdentity | null;
  /** Not yet reverted, newest first. */
  pending: LedgerEntry[];
}

/** Reads a ledger file written by any run; tolerates a torn last line from a crash. */
export function readLedgerFile(file: string): AbandonedLedger {
  const byId = new Map<number, LedgerEntry>();
  let runId = file.replace(/^.*\//, '').replace(/\.jsonl$/, '');
  let owner: ProcessIdentity | null = null;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      continue;
    }
    if (line.op === 'open') {
      runId = line.runId;
      owner = line.owner;
    } else if (line.op === 'intent') {
      byId.set(line.id, {
        id: line.id,
        kind: line.kind,
        params: line.params,
        description: line.description,
        recordedAt: line.at,
        reverted: false,
      });
    } else if (line.op === 'reverted') {
      const entry = byId.get(line.id);
      if (entry) entry.reverted = true;
    }
  }
  const pending = [...byId.values()].filter((e) => !e.reverted).reverse();
  return { file, runId, owner, pending };
}

/** Ledgers whose owning `chaos` process is gone: a crashed or killed run. */
export function abandonedLedgers(dir = ledgerDir()): AbandonedLedger[] {
  if (!existsSync(dir)) return [];
  assertTrustedLedgerDir(dir);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => readLedgerFile(join(dir, name)))
    .filter((ledger) => !ledger.owner || !isSameProcessAlive(ledger.owner));
}

/** Appends a reverted marker to a ledger file another process wrote. */
export function markRevertedInFile(file: string, entry: LedgerEntry): void {
  const fd = openSync(file, 'a');
  try {
    writeSync(
      fd,
      `${JSON.stringify({ op: 'reverted', id: entry.id, at: new Date().toISOString() })}\n`,
    );
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
