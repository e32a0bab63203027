// Faults in the stack itself, with real processes: Prometheus, Toxiproxy or Alertmanager SIGKILLed in
// mid-drill is the framework's problem, so the drill is an `error` naming the part, rolled
// back, exit 3 (never fail, never pass). The target dying is the system under test
// failing: `fail` with the signal (and an OOM kill, when the kernel did it), exit 1,
// unless the scenario gives it a supervisor, which restarts it and the drill goes on.

import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DrillResult } from '../../src/result/run-result.js';
import { killLeftovers, processesCarrying } from '../helpers/ledger-changes.js';
import {
  isAlive,
  ledgerFiles,
  readJournal,
  runChaos,
  stackPids,
  startChaos,
  type ChaosRun,
} from '../helpers/run-chaos.js';

const TWO_FAULTS = 'test/fixtures/scenarios/fd-and-latency.ts';
const PID = /\(pid (\d+)\)|pid (\d+)/;

const started: ChaosRun[] = [];
afterEach(async () => {
  for (const run of started.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.done;
    if (ledgerFiles(run.stateDir).length > 0)
      await runChaos(['rollback'], { env: { CHAOS_STATE_DIR: run.stateDir }, timeoutMs: 120_000 });
    killLeftovers(run.stateDir);
  }
}, 180_000);

function start(file: string, env: Record<string, string> = {}): ChaosRun {
  const run = startChaos(['run', file, '--profile', 'ci'], { env });
  started.push(run);
  return run;
}

async function pidFrom(run: ChaosRun, line: RegExp): Promise<number> {
  const match = PID.exec(await run.waitForLine(line, 120_000))!;
  return Number(match[1] ?? match[2]);
}

/** The drill rolled back and left nothing: every step of rollback reverted, no child, no ledger. */
function expectRolledBack(run: ChaosRun, drill: DrillResult) {
  expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
  expect(drill.rollback.length).toBeGreaterThan(0);
  expect(drill.rollback.filter((r) => r.outcome !== 'reverted')).toEqual([]);
  for (const pid of stackPids(readJournal(run.reportRoot))) expect(isAlive(pid)).toBe(false);
  expect(processesCarrying(run.stateDir)).toEqual([]);
  expect(ledgerFiles(run.stateDir)).toEqual([]);
}

describe('faults in the stack itself (real processes)', { timeout: 400_000 }, () => {
  for (const part of [
    { name: 'prometheus', line: / {3}prometheus: http\S+ \(pid \d+\)/ },
    { name: 'toxiproxy-server', line: / {3}toxiproxy: http\S+ \(pid \d+\)/ },
    // The page's Alertmanager is a part of the stack like the others.
    { name: 'alertmanager', line: / {3}alertmanager: http\S+ \(pid \d+\)/ },
  ]) {
    it(`${part.name} killed mid-drill: error naming it, never fail or pass; rolled back; exit 3`, async () => {
      const run = start(TWO_FAULTS);
      const pid = await pidFrom(run, part.line);
      await run.waitForLine(/● faultApplied/, 240_000);
      process.kill(pid, 'SIGKILL');
      const { code } = await run.done;
      expect(code).toBe(3);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(drill.outcome).toBe('error');
      const cause = `${part.name} (pid ${pid}) was killed by SIGKILL`;
      expect(drill.message).toContain(cause);
      const deciding = drill.steps.find((s) => s.outcome === 'error')!;
      expect(deciding.name).toBe('expect');
      expect(deciding.message).toContain(`the stack broke: ${cause}`);
      expect(drill.steps.some((s) => s.outcome === 'fail')).toBe(false);
      // The faults were still undone, toxics included, whichever part had died.
      expect(drill.rollback.map((r) => r.kind)).toEqual(
        expect.arrayContaining(['toxic', 'toxic', 'nofile']),
      );
      expectRolledBack(run, drill);
    });
  }

  it('the target killed mid-drill: fail naming the signal; rolled back; exit 1', async () => {
    const run = start(TWO_FAULTS);
    const pid = await pidFrom(run, / {3}target: reference TickStorm pid \d+/);
    await run.waitForLine(/● faultApplied/, 240_000);
    process.kill(pid, 'SIGKILL');
    const { code } = await run.done;
    expect(code).toBe(1);
    const drill = readJournal(run.reportRoot).drills[0]!;
    expect(drill.outcome).toBe('fail');
    expect(drill.message).toMatch(/^expect: the target was killed by SIGKILL/);
    expect(drill.steps.some((s) => s.outcome === 'error')).toBe(false);
    expect(drill.rollback.find((r) => r.kind === 'nofile')!.detail).toBe(
      `pid ${pid} has exited; its limit went with it`,
    );
    expectRolledBack(run, drill);
  });

  // Killed while the faults are applied (the pause hook holds chaos before the first):
  // the action that then fails on a dead process is not the cause, the death is.
  for (const part of [
    {
      name: 'target',
      line: / {3}target: reference TickStorm pid \d+/,
      outcome: 'fail',
      code: 1,
      cause: () => 'the target was killed by SIGKILL',
    },
    {
      name: 'toxiproxy-server',
      line: / {3}toxiproxy: http\S+ \(pid \d+\)/,
      outcome: 'error',
      code: 3,
      cause: (pid: number) =>
        `the stack broke: toxiproxy-server (pid ${pid}) was killed by SIGKILL`,
    },
  ]) {
    it(`${part.name} killed while the faults are applied: ${part.outcome} naming its death, exit ${part.code}`, async () => {
      const run = start(TWO_FAULTS, { CHAOS_TEST_ACTION_PAUSE_MS: '3000' });
      const pid = await pidFrom(run, part.line);
      await run.waitForLine(/fault: set the target's soft nofile limit/, 240_000);
      process.kill(pid, 'SIGKILL');
      const { code } = await run.done;
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect([drill.outcome, code]).toEqual([part.outcome, part.code]);
      expect(drill.message.startsWith(`inject: ${part.cause(pid)}`), drill.message).toBe(true);
      expectRolledBack(run, drill);
    });
  }

  it('a supervised target killed mid-drill is restarted and the drill goes on to pass', async () => {
    const run = start('test/fixtures/scenarios/fd-exhaustion-supervised.ts');
    const first = await pidFrom(run, / {3}target: reference TickStorm pid \d+/);
    await run.waitForLine(/▸ baseline:/, 120_000);
    process.kill(first, 'SIGKILL');
    const { code, stderr } = await run.done;
    expect(stderr).toContain(
      `target (pid ${first}) was killed by SIGKILL; its supervisor restarts it`,
    );
    const second = Number(/target restarted by its supervisor as pid (\d+)/.exec(stderr)?.[1]);
    expect(second).toBeGreaterThan(0);
    expect(second).not.toBe(first);
    const drill = readJournal(run.reportRoot).drills[0]!;
    expect([drill.outcome, drill.message, code]).toEqual([
      'pass',
      expect.stringMatching(/the alert fired, the remediation worked/),
      0,
    ]);
    // Killed as the baseline began: its window was measured again from after the restart,
    // since the sessions the kill cut say nothing of the steady state.
    const baseline = drill.steps.find((step) => step.name === 'baseline')!;
    expect(
      baseline.evidence.some(
        (e) => e.kind === 'note' && /the target restarted during the baseline/.test(e.text),
      ),
    ).toBe(true);
    // The fault and the remediation acted on the restarted process.
    expect(drill.faults[0]!.details.pid).toBe(second);
    expect(drill.remediations[0]!.details.pid).toBe(second);
    expect(drill.stack.target).toBe(`reference TickStorm pid ${second}`);
    expectRolledBack(run, drill);
  });

  it('the target OOM-killed in the drill cgroup: fail naming the signal and the OOM kill', async () => {
    const run = start('test/fixtures/scenarios/memory-oom.ts');
    const pid = await pidFrom(run, / {3}target: reference TickStorm pid \d+/);
    // Make the target, not the co-located hog, the OOM killer's choice (a service
    // with a higher oom_score_adj than its neighbour, as is common).
    writeFileSync(`/proc/${pid}/oom_score_adj`, '1000');
    const { code } = await run.done;
    const drill = readJournal(run.reportRoot).drills[0]!;
    expect([drill.outcome, code]).toEqual(['fail', 1]);
    expect(drill.message).toMatch(
      /the target was killed by SIGKILL.*; the kernel OOM-killed \d+ process(es)? in cgroup \S+tickstorm-chaos-\S+ \(memory limit reached\)/s,
    );
    expectRolledBack(run, drill);
  });
});
