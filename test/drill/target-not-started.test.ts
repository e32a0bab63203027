// Every shipped drill against a TickStorm the drill did not start, as a user of the
// published server runs it: `chaos target` started by hand as the published server with
// its two connection counters counting (--as-published=all,-frozen-connection-counters),
// then `chaos run` with --target, --target-metrics and --target-pid, with and without
// --manual-remediation. No verdict may be a PASS; each names its true cause from
// evidence; each step that cannot be done is exit 2 before anything starts:
// - fd-exhaustion: the published server's silent pool queue already loses sessions in the
//   baseline (no reply to AUTH), and the baseline says so, judged on the clients;
// - memory-pressure, restarting the server (the drill cannot) or leaving it to the
//   operator: exit 2, or the same baseline;
// - packet-loss, connection-reset, syn-backlog: settings the published server does not
//   read, restarts, SIGHUP and a namespace the drill cannot make: exit 2, every step named;
// - with the pool queue off: fd-exhaustion's drops go unseen by the server (the alert is
//   blind, with where they went), and a scripted operator restarts the server: the drill
//   notices a restart it did not make and judges the clients over a full window of the
//   new process; memory-pressure fills a ceiling the published guard never looks at: the
//   fault did not bite, NO DATA with its measurements.
// And the positive control: the same target as TickStorm should behave, started by hand:
// fd-exhaustion's live limit raise acts on a process the drill did not start and passes.

import { existsSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DrillResult } from '../../src/result/run-result.js';
import { HandStartedTarget } from '../helpers/hand-started-target.js';
import { ledgerFiles, readJournal, runChaos, startChaos } from '../helpers/run-chaos.js';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const COUNTING = 'all,-frozen-connection-counters';
const NO_QUEUE = `${COUNTING},-silent-pool-queue`;

const targets: HandStartedTarget[] = [];
afterAll(async () => {
  for (const target of targets) await target.stop();
});

async function handStarted(asPublished: string): Promise<HandStartedTarget> {
  const target = await HandStartedTarget.start(asPublished);
  targets.push(target);
  return target;
}

const steps = (drill: DrillResult) => drill.steps.map((s) => [s.name, s.outcome]);

/** A run refused before anything starts: exit 2, its lines, no report, no ledger. */
async function refused(scenario: string, target: HandStartedTarget, flags: string[] = []) {
  const run = await runChaos(['run', scenario, ...target.runFlags(), ...flags]);
  expect(run.code).toBe(2);
  expect(readdirSync(run.reportRoot)).toEqual([]);
  expect(ledgerFiles(run.stateDir)).toEqual([]);
  return run.stderr;
}

describe.skipIf(!asRoot)(
  'every shipped drill against a TickStorm the drill did not start (real processes)',
  { timeout: 900_000 },
  () => {
    it('refuses what it cannot do, names true causes, never passes; the positive control passes', async () => {
      const [published, publishedToo, noQueue, noQueueToo, asItShouldBe] = await Promise.all([
        handStarted(COUNTING),
        handStarted(COUNTING),
        handStarted(NO_QUEUE),
        handStarted(NO_QUEUE),
        handStarted('none'),
      ]);

      // Impossible steps: exit 2 in seconds, each named, with what to do.
      const [packetLoss, packetLossManual, reset, resetManual, synBacklog, memory] =
        await Promise.all([
          refused('packet-loss', published),
          refused('packet-loss', published, ['--manual-remediation']),
          refused('connection-reset', published),
          refused('connection-reset', published, ['--manual-remediation']),
          refused('syn-backlog', published, ['--manual-remediation']),
          refused('memory-pressure', published),
        ]);
      expect(packetLoss).toMatch(
        /target\.env: gives the target CONNECTION_TIMEOUT=5\.5s HEARTBEAT_INTERVAL_MS=5000, but the drill did not start the target/,
      );
      expect(packetLoss).toMatch(
        /remediate\[0\] \(restart-target\): sets CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL, which the published TickStorm does not read/,
      );
      expect(packetLossManual).toMatch(
        /asks the operator to set CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL, which the published TickStorm does not read/,
      );
      expect(reset).toMatch(
        /remediate\[0\] \(restart-target\): restarts the target, but the drill did not start the target at .*: run with --manual-remediation/,
      );
      // The false PASS of an operator restart with KEEPALIVE_INTERVAL=5s cannot happen: refused.
      expect(resetManual).toMatch(
        /asks the operator to set KEEPALIVE_INTERVAL, which the published TickStorm does not read/,
      );
      expect(synBacklog).toMatch(
        /inject\[1\] \(reopen-listener\): sends SIGHUP to the target, but the published TickStorm has no SIGHUP handler/,
      );
      expect(synBacklog).toMatch(
        /inject\[0\] \(sysctl\): acts inside the target's own network namespace/,
      );
      expect(memory).toMatch(/remediate\[1\] \(restart-target\): restarts the target/);

      // The operator's hand for the no-queue fd-exhaustion: once asked, restart the server
      // with the runbook's limit (it inherits this machine's, above what the fault set).
      const manualFd = startChaos([
        'run',
        'fd-exhaustion',
        ...noQueue.runFlags(),
        '--manual-remediation',
        '--plain',
      ]);
      const operator = manualFd
        .waitForLine(/OPERATOR: apply the remediation now/, 600_000)
        .then(() => noQueue.restart());

      const [fd, memoryManual, memoryNoBite, control, manual] = await Promise.all([
        runChaos(['run', 'fd-exhaustion', ...published.runFlags()]),
        runChaos(['run', 'memory-pressure', ...publishedToo.runFlags(), '--manual-remediation']),
        runChaos(['run', 'memory-pressure', ...noQueueToo.runFlags(), '--manual-remediation']),
        runChaos(['run', 'fd-exhaustion', ...asItShouldBe.runFlags()]),
        manualFd.done.then(async (done) => {
          await operator.catch(() => {});
          return { ...done, reportRoot: manualFd.reportRoot, stateDir: manualFd.stateDir };
        }),
      ]);

      // The published pool: sessions left without a reply before any fault.
      for (const run of [fd, memoryManual]) {
        expect(run.code).toBe(1);
        const drill = readJournal(run.reportRoot).drills[0]!;
        expect(steps(drill)).toEqual([
          ['preflight', 'pass'],
          ['baseline', 'fail'],
          ['rollback', 'pass'],
        ]);
        const baseline = drill.steps[1]!;
        expect(baseline.message).toMatch(
          /^the clients were already losing sessions before the fault: server \d+\.\d\d %.*client \d+\.\d\d %/,
        );
        expect(baseline.message).toMatch(/auth_unanswered \d+/);
        expect(baseline.diagnosis).toMatch(/auth_unanswered \d+: left open with no reply to AUTH/);
        expect(baseline.diagnosis).toMatch(/lost nothing before accept during the baseline/);
      }

      // The fault did not bite: a ceiling the published guard never reads.
      expect(memoryNoBite.code).toBe(1);
      const noBite = readJournal(memoryNoBite.reportRoot).drills[0]!;
      expect(noBite.outcome).toBe('no-data');
      const expectNoBite = noBite.steps.find((s) => s.name === 'expect')!;
      expect(expectNoBite.outcome).toBe('no-data');
      expect(expectNoBite.message).toMatch(
        /the fault did not bite: it added no drops worth an alert \(clients .* before → .* during the fault.*server .*\), though memory-pressure \(.*\): engaged; last reading: its cgroup at/,
      );
      expect(noBite.steps.find((s) => s.name === 'remediate')).toBeUndefined();

      // The published fd guard: drops the server never counts, and where they went.
      expect(manual.code).toBe(1);
      const blind = readJournal(manual.reportRoot).drills[0]!;
      expect(blind.outcome).toBe('fail');
      expect(blind.alertBlind).toBe(true);
      const expectBlind = blind.steps.find((s) => s.name === 'expect')!;
      expect(expectBlind.diagnosis).toMatch(
        /closed_without_reply \d+: closed without a frame right after the connection was accepted/,
      );
      expect(expectBlind.diagnosis).toMatch(/listener lost nothing before accept since the fault/);
      // The operator's restart was noticed, and recovery judged over the new process only.
      expect(blind.targetRestarts).toEqual([
        expect.objectContaining({
          by: 'not the drill',
          fromPid: expect.any(Number),
          toPid: noQueue.pid,
        }),
      ]);
      const restartAt = Date.parse(blind.targetRestarts![0]!.at);
      const verify = blind.steps.find((s) => s.name === 'verify')!;
      if (verify.outcome === 'pass')
        expect(Date.parse(blind.markers.verificationPassed!) - restartAt).toBeGreaterThanOrEqual(
          blind.plan.ruleWindowMs,
        );

      // The positive control: a live limit raise on a process the drill did not start.
      expect(control.code).toBe(0);
      const passed = readJournal(control.reportRoot).drills[0]!;
      expect(passed.outcome).toBe('pass');
      expect(passed.steps.find((s) => s.name === 'expect')!.message).toMatch(
        /the fault added: clients .* server/,
      );

      // No verdict against the published habits was a PASS, and nothing was left behind.
      for (const run of [fd, memoryManual, memoryNoBite, manual, control])
        expect(ledgerFiles(run.stateDir)).toEqual([]);
      for (const target of [published, publishedToo, noQueueToo, asItShouldBe])
        expect(existsSync(`/proc/${target.pid}`)).toBe(true);
    });
  },
);
