// Fault kinds users write, each run in a fault host of its own: the example
// (scenarios/faults/connection-reset.ts) against its negative control, and a kind
// registered from a temporary folder, run through a real drill, then through a crash
// (its fault host goes with the killed chaos): `chaos rollback` finds its module again by
// the path and hash its ledger entries recorded, refuses it once changed, and ends its
// process with the kind's own undo once it is back as the run used it.

import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { identify, isSameProcessAlive } from '../../src/stack/process/proc-identity.js';
import { killLeftovers, readLedgers } from '../helpers/ledger-changes.js';
import { isAlive, ledgerFiles, readJournal, runChaos, startChaos } from '../helpers/run-chaos.js';

const at = (path: string) => JSON.stringify(join(projectRoot, path));

/** A kind of the user's own: a process that holds a marker while the fault lasts. */
const SLEEPER = `
import { defineFault, faultProcessKind, startFaultProcess, z } from ${at('src/faults/define-fault.js')};

const HOLD = "console.log('waiting'); process.stdin.once('data', () => { console.log('{}'); setTimeout(() => {}, 600000); });";

export default defineFault({
  type: 'sleeper',
  summary: 'a process that holds on while the fault lasts',
  options: z.object({ label: z.string() }),
  create: (spec) => ({
    kind: 'sleeper',
    intent: \`start the sleeper \${spec.label}\`,
    async apply(context) {
      const held = await startFaultProcess(context, 'process', 'sleeper', process.execPath, ['-e', HOLD, spec.label]);
      return { kind: 'sleeper', summary: \`sleeper \${spec.label} holds on\`, how: \`pid \${held.identity.pid}\`, details: { pid: held.identity.pid } };
    },
  }),
  ledgerKinds: { process: faultProcessKind },
});
`;

/** fd-exhaustion with the sleeper beside its fault: the drill passes for the runbook's reasons. */
const SCENARIO = `
import base from ${at('scenarios/fd-exhaustion.ts')};
import { defineScenario } from ${at('src/scenario/define-scenario.js')};
import sleeper from './faults/sleeper.js';

export default defineScenario({
  ...base,
  name: 'fd-with-sleeper',
  faults: [sleeper],
  inject: [...base.inject, { type: 'sleeper', label: 'held-by-test' }],
});
`;

function folderWithFault(): { scenario: string; fault: string } {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-user-fault-'));
  mkdirSync(join(dir, 'faults'));
  writeFileSync(join(dir, 'faults', 'sleeper.ts'), SLEEPER);
  writeFileSync(join(dir, 'fd-with-sleeper.ts'), SCENARIO);
  return { scenario: join(dir, 'fd-with-sleeper.ts'), fault: join(dir, 'faults', 'sleeper.ts') };
}

const stateDirs: string[] = [];
afterAll(() => {
  for (const dir of stateDirs) killLeftovers(dir);
});

describe("fault kinds of the user's own (real processes)", { timeout: 900_000 }, () => {
  it.concurrent(
    'the example connection-reset kind: the drill fails when the remediation changes nothing',
    async () => {
      const run = await runChaos([
        'run',
        'test/fixtures/scenarios/connection-reset-noop.ts',
        '--profile',
        'ci',
      ]);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(run.code).toBe(1);
      expect(drill.steps.find((s) => s.name === 'expect')).toMatchObject({ outcome: 'pass' });
      expect(drill.steps.find((s) => s.name === 'verify')).toMatchObject({ outcome: 'fail' });
      // The storm ran, and its own undo stopped it.
      expect(drill.faults[0]!.summary).toMatch(
        /resetting 100 % of the target's connections idle at least 10s/,
      );
      expect(
        drill.rollback.filter((r) => r.kind === 'connection-reset:storm').map((r) => r.outcome),
      ).toEqual(['reverted']);
      expect(isAlive(Number(drill.faults[0]!.details.pid))).toBe(false);
    },
  );

  it.concurrent(
    'a kind from a temporary folder runs in a real drill and is rolled back with it',
    async () => {
      const { scenario } = folderWithFault();
      const run = await runChaos(['run', scenario, '--profile', 'ci']);
      stateDirs.push(run.stateDir);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(drill.outcome, run.stderr.slice(-2000)).toBe('pass');
      const sleeper = drill.faults.find((f) => f.summary.startsWith('sleeper'))!;
      expect(sleeper.summary).toBe('sleeper held-by-test holds on');
      expect(drill.rollback.filter((r) => r.kind === 'sleeper:process')).toMatchObject([
        { outcome: 'reverted', detail: `ended sleeper (pid ${sleeper.details.pid})` },
      ]);
      expect(isAlive(Number(sleeper.details.pid))).toBe(false);
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );

  it.concurrent(
    'after a crash, chaos rollback runs the kind again in a fault host, refuses it changed, undoes it as it was',
    async () => {
      const { scenario, fault } = folderWithFault();
      const run = startChaos(['run', scenario, '--profile', 'ci'], {
        env: { CHAOS_NO_PDEATHSIG: '1' },
      });
      stateDirs.push(run.stateDir);
      const line = await run.waitForLine(
        /fault: sleeper held-by-test holds on \(pid (\d+)\)/,
        240_000,
      );
      run.child.kill('SIGKILL');
      const { stderr } = await run.done;
      const pid = Number(/\(pid (\d+)\)/.exec(line)![1]);
      // The kind's fault host saw its chaos go and ended; the process it started did not.
      const hosts = [...stderr.matchAll(/sleeper\.ts: fault host started \(pid (\d+)\)/g)];
      expect(hosts.length).toBeGreaterThan(0);
      for (const [, hostPid] of hosts) {
        for (let i = 0; i < 50 && isAlive(Number(hostPid)); i++) await sleep(100);
        expect(isAlive(Number(hostPid))).toBe(false);
      }
      const sleeper = identify(pid)!;
      expect(sleeper.command).toContain('held-by-test');
      const [ledger] = readLedgers(run.stateDir);
      const entry = ledger!.pending.find((e) => e.kind === 'sleeper:process')!;
      expect(entry.params).toMatchObject({
        pid,
        faultModule: fault,
        faultModuleSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });

      // Changed since the run: its undo is not the run's, so nothing of it runs.
      const original = readFileSync(fault, 'utf8');
      writeFileSync(fault, `${original}\n// changed after the run\n`);
      const refused = await runChaos(['rollback'], {
        env: { CHAOS_STATE_DIR: run.stateDir },
        timeoutMs: 120_000,
      });
      expect(refused.code).toBe(3);
      expect(refused.stdout + refused.stderr).toMatch(/changed since the run used it/);
      expect(isSameProcessAlive(sleeper)).toBe(true);

      writeFileSync(fault, original);
      const undone = await runChaos(['rollback'], {
        env: { CHAOS_STATE_DIR: run.stateDir },
        timeoutMs: 120_000,
      });
      expect(undone.code, undone.stdout + undone.stderr).toBe(0);
      expect(undone.stdout + undone.stderr).toContain(`ended sleeper (pid ${pid})`);
      expect(isSameProcessAlive(sleeper)).toBe(false);
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );
});
