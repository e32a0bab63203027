// SIGINT while the fault is active: the run rolls back every change (a lowered nofile
// limit and latency toxics on both streams), ends every child, and exits 130.

import { describe, expect, it } from 'vitest';
import { isAlive, ledgerFiles, readJournal, startChaos, stackPids } from '../helpers/run-chaos.js';

describe('SIGINT during the fault (real processes)', { timeout: 300_000 }, () => {
  it('leaves no toxic, no lowered limit and no child process behind', async () => {
    const run = startChaos(['run', 'test/fixtures/scenarios/fd-and-latency.ts', '--profile', 'ci']);
    await run.waitForLine(/● faultApplied/, 120_000);
    run.child.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    const journal = readJournal(run.reportRoot);
    expect(journal.interrupted).toBe(true);
    const drill = journal.drills[0]!;
    const rollback = drill.steps.find((s) => s.name === 'rollback')!;
    expect(rollback.outcome).toBe('pass');
    // Both toxics and the nofile change were undone while Toxiproxy and the target lived.
    const undone = drill.rollback.filter((r) => r.kind !== 'process' && r.kind !== 'proxy');
    expect(undone.map((r) => [r.kind, r.outcome])).toEqual([
      ['toxic', 'reverted'],
      ['toxic', 'reverted'],
      ['nofile', 'reverted'],
    ]);
    expect(undone.find((r) => r.kind === 'nofile')!.detail).toMatch(
      /restored pid \d+'s soft nofile limit to 20000/,
    );
    expect(
      rollback.evidence.some((e) => e.kind === 'note' && /has no toxics left/.test(e.text)),
    ).toBe(true);
    const pids = stackPids(journal);
    expect(pids.length).toBe(3);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(ledgerFiles(run.stateDir)).toEqual([]);
  });
});
