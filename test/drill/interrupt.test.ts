// SIGINT (or SIGHUP, as a closed terminal sends) while the fault is active: the run rolls
// back every change (a lowered nofile limit and latency toxics on both streams), ends
// every child, and exits 130; with two drills at once (--parallel 2), both are rolled
// back. The two runs overlap.

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  isAlive,
  ledgerFiles,
  readJournal,
  startChaos,
  stackPids,
  type ChaosRun,
} from '../helpers/run-chaos.js';

/** The target's, Toxiproxy's, Alertmanager's and Prometheus's pids, from the progress lines. */
async function stackPidsFromLog(run: ChaosRun): Promise<number[]> {
  const lines = await Promise.all([
    run.waitForLine(/target: reference TickStorm pid \d+/, 1000),
    run.waitForLine(/toxiproxy: \S+ \(pid \d+\)/, 1000),
    run.waitForLine(/prometheus: \S+ \(pid \d+\)/, 1000),
    run.waitForLine(/alertmanager: \S+ \(pid \d+\)/, 1000),
  ]);
  return lines.map((line) => Number(/pid (\d+)/.exec(line)![1]));
}

/** Local addresses of the TCP listeners these processes own, from `ss`. */
function listeningAddresses(pids: number[]): string[] {
  const ss = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  return ss
    .split('\n')
    .filter((line) => pids.some((pid) => line.includes(`pid=${pid},`)))
    .map((line) => line.trim().split(/\s+/)[3]!);
}

describe('SIGINT during the fault (real processes)', { timeout: 300_000 }, () => {
  it.concurrent(
    'SIGHUP (a closed terminal) leaves no toxic, no lowered limit and no child process behind',
    async () => {
      const run = startChaos([
        'run',
        'test/fixtures/scenarios/fd-and-latency.ts',
        '--profile',
        'ci',
      ]);
      await run.waitForLine(/● faultApplied/, 120_000);
      // Safety rail, checked while everything runs: every listener of the run is on loopback.
      const listeners = listeningAddresses([run.child.pid!, ...(await stackPidsFromLog(run))]);
      expect(listeners.length).toBeGreaterThanOrEqual(7);
      for (const address of listeners) expect(address, address).toMatch(/^127\.|^\[::1\]:/);
      run.child.kill('SIGHUP');
      const { code } = await run.done;
      expect(code).toBe(130);
      const journal = readJournal(run.reportRoot);
      expect(journal.interrupted).toBe(true);
      const drill = journal.drills[0]!;
      const rollback = drill.steps.find((s) => s.name === 'rollback')!;
      expect(rollback.outcome).toBe('pass');
      // Both toxics and the nofile change were undone while Toxiproxy and the target lived.
      const stack = ['process', 'proxy', 'source-pool', 'work-folder'];
      const undone = drill.rollback.filter((r) => !stack.includes(r.kind));
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
      expect(pids.length).toBe(4);
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );

  it.concurrent('with drills at once, rolls back every one of them', async () => {
    const run = startChaos([
      'run',
      'test/fixtures/scenarios/fd-and-latency.ts',
      'fd-exhaustion',
      '--parallel',
      '2',
      '--profile',
      'ci',
    ]);
    await run.waitForLine(/^chaos: 2 drill\(s\) at once \(--parallel 2\)$/, 60_000);
    await run.waitForLine(/fd-and-latency ● faultApplied/, 120_000);
    await run.waitForLine(/fd-exhaustion ● faultApplied/, 120_000);
    run.child.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    const journal = readJournal(run.reportRoot);
    expect(journal.interrupted).toBe(true);
    expect(journal.drills.map((d) => d.scenario)).toEqual(['fd-and-latency', 'fd-exhaustion']);
    for (const drill of journal.drills) {
      expect(drill.steps.at(-1), drill.scenario).toMatchObject({
        name: 'rollback',
        outcome: 'pass',
      });
      const nofile = drill.rollback.filter((r) => r.kind === 'nofile');
      expect(nofile.length, drill.scenario).toBeGreaterThan(0);
      for (const record of nofile) expect(record.outcome, drill.scenario).toBe('reverted');
    }
    const pids = stackPids(journal);
    expect(pids.length).toBe(8);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(ledgerFiles(run.stateDir)).toEqual([]);
  });
});
