import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identify } from '../stack/process/proc-identity.js';
import { lockLedger } from './ledger-lock.js';
import { Ledger } from './ledger.js';
import { recoverAbandonedRuns } from './recover.js';

/** A ledger whose owner has ended (a crashed run), with one entry nothing can undo. */
function crashedLedger(dir: string): string {
  const ended = spawnSync('true');
  const file = join(dir, 'crashed.jsonl');
  writeFileSync(
    file,
    [
      { op: 'open', runId: 'crashed', owner: { pid: ended.pid, startTime: 1 }, at: '' },
      { op: 'intent', id: 1, kind: 'no-such-kind', params: {}, description: 'x', at: '' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n') + '\n',
  );
  return file;
}

describe('one rollback at a time per ledger', () => {
  it('a second locker is told who holds it; a released or stale lock is taken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-lock-'));
    const file = crashedLedger(dir);
    const first = lockLedger(file);
    expect('release' in first).toBe(true);
    const second = lockLedger(file);
    expect(second).toEqual({ heldBy: identify(process.pid) });
    (first as { release(): void }).release();
    const third = lockLedger(file);
    expect('release' in third).toBe(true);
    (third as { release(): void }).release();
    // A lock left by a process that has ended is stale.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: spawnSync('true').pid, startTime: 1 }));
    const taken = lockLedger(file);
    expect('release' in taken).toBe(true);
    (taken as { release(): void }).release();
  });

  it('recovery skips a ledger another live process is rolling back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-lock-'));
    const file = crashedLedger(dir);
    const held = lockLedger(file) as { release(): void };
    const said: string[] = [];
    expect(await recoverAbandonedRuns(dir, (line) => said.push(line))).toEqual([]);
    expect(said.join('\n')).toMatch(
      /run crashed: skipped, another chaos \(pid \d+\) is rolling it back/,
    );
    held.release();
    const [recovered] = await recoverAbandonedRuns(dir);
    expect(recovered!.items.map((i) => i.outcome)).toEqual(['failed']);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('a ledger appears with its owner in it, never empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-lock-'));
    const ledger = Ledger.open('fresh', dir);
    expect(existsSync(join(dir, 'fresh.jsonl.opening'))).toBe(false);
    ledger.record('x', {}, 'x');
    ledger.close();
  });
});
