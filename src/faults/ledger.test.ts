import { appendFileSync, chmodSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abandonedLedgers, Ledger, markRevertedInFile, readLedgerFile } from './ledger.js';
import type { Undoer } from './undoer.js';
import { rollbackEntries } from './rollback.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'ledger-test-'));

describe('Ledger', () => {
  it('keeps entries on disk before the change, and reads them back newest first', () => {
    const dir = tempDir();
    const ledger = Ledger.open('run-a', dir);
    ledger.record('toxic', { proxy: 'p', toxic: 't1' }, 'remove t1');
    const second = ledger.record('nofile', { pid: 1 }, 'restore limit');
    const onDisk = readLedgerFile(ledger.file);
    expect(onDisk.runId).toBe('run-a');
    expect(onDisk.pending.map((e) => e.description)).toEqual(['restore limit', 'remove t1']);
    ledger.markReverted(second);
    expect(readLedgerFile(ledger.file).pending.map((e) => e.id)).toEqual([1]);
  });

  it('deletes its file on close only when nothing is left to undo', () => {
    const dir = tempDir();
    const clean = Ledger.open('clean', dir);
    clean.markReverted(clean.record('toxic', {}, 'x'));
    clean.close();
    expect(existsSync(clean.file)).toBe(false);
    const dirty = Ledger.open('dirty', dir);
    dirty.record('toxic', {}, 'x');
    dirty.close();
    expect(existsSync(dirty.file)).toBe(true);
  });

  it('tolerates a torn last line left by a crash', () => {
    const dir = tempDir();
    const ledger = Ledger.open('torn', dir);
    ledger.record('toxic', { toxic: 'a' }, 'remove a');
    appendFileSync(ledger.file, '{"op":"intent","id":2,"ki');
    expect(readLedgerFile(ledger.file).pending).toHaveLength(1);
  });

  it('reports a ledger as abandoned only when its owner is gone', () => {
    const dir = tempDir();
    const mine = Ledger.open('mine', dir);
    mine.record('toxic', {}, 'x');
    expect(abandonedLedgers(dir)).toHaveLength(0);
    // A ledger written by a process that no longer exists.
    appendFileSync(
      join(dir, 'dead.jsonl'),
      `${JSON.stringify({ op: 'open', runId: 'dead', owner: { pid: 2 ** 22 + 11, startTime: 5 }, at: '' })}\n` +
        `${JSON.stringify({ op: 'intent', id: 1, kind: 'toxic', params: {}, description: 'y', at: '' })}\n`,
    );
    const abandoned = abandonedLedgers(dir);
    expect(abandoned.map((l) => l.runId)).toEqual(['dead']);
    markRevertedInFile(abandoned[0]!.file, abandoned[0]!.pending[0]!);
    expect(readLedgerFile(abandoned[0]!.file).pending).toHaveLength(0);
  });
});

/** Undoers with no ownership question: these entries name nothing on the system. */
const kinds = (undoers: Record<string, Undoer>) =>
  new Map(Object.entries(undoers).map(([kind, undo]) => [kind, { undo, ownership: () => null }]));

describe('rollbackEntries', () => {
  it('undoes newest first, keeps going past a failure, and marks only what it reverted', async () => {
    const dir = tempDir();
    const ledger = Ledger.open('rb', dir);
    ledger.record('ok', { n: 1 }, 'first');
    ledger.record('broken', { n: 2 }, 'second');
    ledger.record('ok', { n: 3 }, 'third');
    const order: number[] = [];
    const items = await rollbackEntries(ledger.pending(), {
      ledgerKinds: kinds({
        ok: async (params) => {
          order.push(Number(params.n));
          return `undid ${params.n}`;
        },
        broken: async () => {
          throw new Error('cannot');
        },
      }),
      markReverted: (entry) => ledger.markReverted(entry),
      runId: ledger.runId,
    });
    expect(order).toEqual([3, 1]);
    expect(items.map((i) => i.outcome)).toEqual(['reverted', 'failed', 'reverted']);
    expect(ledger.pending().map((e) => e.description)).toEqual(['second']);
  });

  it('bounds an undoer that hangs', async () => {
    const ledger = Ledger.open('hang', tempDir());
    ledger.record('hang', {}, 'wait forever');
    const items = await rollbackEntries(ledger.pending(), {
      ledgerKinds: kinds({ hang: () => new Promise(() => {}) }),
      markReverted: (entry) => ledger.markReverted(entry),
      perEntryTimeoutMs: 50,
      runId: ledger.runId,
    });
    expect(items[0]!.outcome).toBe('failed');
    expect(items[0]!.detail).toMatch(/within/);
  });
});

describe('the ledger folder', () => {
  it('refuses a folder other users can write, whose ledgers could lie', () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    expect(() => Ledger.open('x', join(dir, 'ledgers'))).toThrow(/writable by other users/);
    expect(() => abandonedLedgers(dir)).toThrow(/cannot be trusted/);
  });

  it('refuses a symbolic link in place of the folder', () => {
    const dir = tempDir();
    const real = tempDir();
    symlinkSync(real, join(dir, 'ledgers'));
    expect(() => abandonedLedgers(join(dir, 'ledgers'))).toThrow(/symbolic link/);
  });
});
