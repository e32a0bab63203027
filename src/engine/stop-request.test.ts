import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../faults/ledger.js';
import {
  answerStopRequest,
  requestStop,
  runningDrills,
  stopRequested,
  takeStopAnswer,
} from './stop-request.js';

const folder = () => {
  const parent = mkdtempSync(join(tmpdir(), 'stop-request-'));
  return join(parent, 'ledgers');
};

describe('stop requests beside the ledgers', () => {
  it('lists drills whose ledger owner runs, not those of a dead owner', () => {
    const dir = folder();
    const ledger = Ledger.open('run1-fd-exhaustion', dir);
    ledger.record('toxic', {}, 'add a toxic');
    writeFileSync(
      join(dir, 'run0-gone.jsonl'),
      `${JSON.stringify({ op: 'open', runId: 'run0-gone', owner: { pid: 999_999_999, startTime: 1 }, at: '' })}\n`,
    );
    expect(runningDrills(dir)).toEqual([
      { drillId: 'run1-fd-exhaustion', pid: process.pid, pending: 1 },
    ]);
    ledger.markReverted(ledger.pending()[0]!);
    ledger.close();
  });

  it('asks with a private file, and answers once with one sentence per change', () => {
    const dir = folder();
    Ledger.open('run1-x', dir).close();
    expect(stopRequested(dir, 'run1-x')).toBeNull();
    requestStop(dir, 'run1-x', 77);
    expect(statSync(join(dir, 'run1-x.stop')).mode & 0o777).toBe(0o600);
    expect(stopRequested(dir, 'run1-x')).toMatchObject({ pid: 77 });
    answerStopRequest(dir, 'run1-x', 'aborted: stopped by `chaos stop` (pid 77)', [
      {
        description: 'toxic latency',
        kind: 'toxic',
        outcome: 'reverted',
        detail: 'removed',
        at: '',
      },
      { description: 'nofile', kind: 'nofile', outcome: 'failed', detail: 'gone', at: '' },
    ]);
    expect(existsSync(join(dir, 'run1-x.stop'))).toBe(false);
    expect(takeStopAnswer(dir, 'run1-x')).toMatchObject({
      drillId: 'run1-x',
      message: 'aborted: stopped by `chaos stop` (pid 77)',
      undone: [
        'Undone: removed.',
        'NOT undone: nofile (gone); `chaos rollback` retries it once its run has exited.',
      ],
    });
    expect(takeStopAnswer(dir, 'run1-x')).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('answers nothing when nobody asked', () => {
    const dir = folder();
    Ledger.open('run2-x', dir).close();
    answerStopRequest(dir, 'run2-x', 'passed', []);
    expect(readdirSync(dir)).toEqual([]);
  });
});
