// A user's fault kind cannot take the drill down (real processes, the real CLI): a kind
// whose apply exits the process it runs in, never returns, or throws ends the inject
// step `error` naming its module, exit 3, with the rollback done: no ledger left, its
// fault host and the process it started gone, by pid. A module that loops when imported
// outside the scenario's import child costs `chaos validate`, `run` and `rollback` only
// the import bound, and one line; rollback goes on with the other entries and keeps the
// ledger for the one it could not undo. Ctrl-C while an apply hangs stops the drill at
// once, without waiting for the kind's bound.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLedgerFile } from '../../src/faults/ledger.js';
import { workFolderName } from '../../src/faults/work-folder.js';
import { projectRoot } from '../../src/paths.js';
import { readLedgers } from '../helpers/ledger-changes.js';
import {
  isAlive,
  ledgerFiles,
  readJournal,
  runChaos,
  startChaos,
  stepsInBrief,
} from '../helpers/run-chaos.js';

const fixtures = 'test/fixtures/scenarios';

/** Every fault host the drill's log says it started. */
const hostPids = (log: string) =>
  [...log.matchAll(/fault host started \(pid (\d+)\)/g)].map((m) => Number(m[1]));

const sleeperRecorded = (stateDir: string) =>
  readLedgers(stateDir).some((ledger) =>
    ledger.pending.some((entry) => entry.kind === 'hangs-in-apply:process'),
  );

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !isAlive(pid);
}

const cases = [
  {
    scenario: 'user-kind-exits',
    type: 'exits-in-apply',
    message: `${fixtures}/faults/exits-in-apply.ts: apply ended the process (exit code 0) before it returned`,
    startsSleeper: true,
  },
  {
    scenario: 'user-kind-hangs',
    type: 'hangs-in-apply',
    message: `${fixtures}/faults/hangs-in-apply.ts: apply did not return within 5.0 s (bounds.applyMs)`,
    startsSleeper: true,
  },
  {
    scenario: 'user-kind-throws',
    type: 'throws-in-apply',
    message: `${fixtures}/faults/throws-in-apply.ts: apply threw: broken on purpose by the test kind`,
    startsSleeper: false,
  },
];

describe(
  'a module that loops outside the import child: every import of it is bounded (real processes)',
  { timeout: 120_000 },
  () => {
    const loopsFile = join(projectRoot, fixtures, 'faults/loops-in-chaos.ts');
    // Room for the scenario's own import child on a busy machine; the loop costs just as much.
    const bound = { CHAOS_IMPORT_BOUND_MS: '10000' };
    const oneLine =
      /loops-in-chaos\.ts: importing it did not finish within 10\.0 s; a fault module must only export its definition/;

    it.concurrent(
      'a module that loops outside the import child: validate and run end within the bound',
      async () => {
        // The scenario's import child, then the fault host's import: two bounds at most.
        const started = Date.now();
        const runs = await Promise.all(
          ['validate', 'run'].map((command) =>
            runChaos([command, `${fixtures}/user-kind-loops.ts`], {
              env: bound,
              timeoutMs: 60_000,
            }),
          ),
        );
        expect(Date.now() - started).toBeLessThan(30_000);
        for (const run of runs) {
          const said = (run.stdout + run.stderr).trim();
          expect(run.code, said).toBe(2);
          expect(said).toMatch(oneLine);
          expect(said.split('\n').filter((line) => oneLine.test(line))).toHaveLength(1);
        }
      },
    );

    it.concurrent(
      'chaos rollback: that entry fails in one line, the others are undone, its ledger kept',
      async () => {
        // A crashed run's ledger, as the run would have written it: its owner is gone.
        const stateDir = mkdtempSync(join(tmpdir(), 'chaos-state-'));
        const ledgers = join(stateDir, 'ledgers');
        mkdirSync(ledgers, { mode: 0o700 });
        const runId = 'run-with-looping-kind';
        const workDir = join(tmpdir(), workFolderName(runId));
        mkdirSync(workDir, { recursive: true });
        const sha256 = createHash('sha256').update(readFileSync(loopsFile)).digest('hex');
        const at = new Date().toISOString();
        const lines = [
          { op: 'open', runId, owner: { pid: 2 ** 22 + 7, startTime: 1 }, at },
          {
            op: 'intent',
            id: 1,
            kind: 'work-folder',
            params: { dir: workDir },
            description: `remove work folder ${workDir}`,
            at,
          },
          {
            op: 'intent',
            id: 2,
            kind: 'loops-in-chaos:process',
            params: { name: 'x', faultModule: loopsFile, faultModuleSha256: sha256 },
            description: 'end what loops-in-chaos started',
            at,
          },
        ];
        const file = join(ledgers, `${runId}.jsonl`);
        writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''), {
          mode: 0o600,
        });

        const started = Date.now();
        const run = await runChaos(['rollback'], {
          env: { ...bound, CHAOS_STATE_DIR: stateDir },
          timeoutMs: 60_000,
        });
        const said = run.stdout + run.stderr;
        expect(run.code, said).toBe(3);
        expect(Date.now() - started).toBeLessThan(25_000);
        expect(said).toMatch(
          /rollback: FAILED to end what loops-in-chaos started: no undoer for ledger kind "loops-in-chaos:process": its fault module could not be used: .*loops-in-chaos\.ts: importing it did not finish within 10\.0 s/,
        );
        expect(said).toContain(`removed work folder ${workDir}`);
        expect(existsSync(workDir)).toBe(false);
        expect(said).toContain(`ledger kept at ${file}`);
        expect(readLedgerFile(file).pending.map((e) => e.kind)).toEqual(['loops-in-chaos:process']);
      },
    );
  },
);

describe(
  "a user's fault kind cannot take the drill down (real processes)",
  { timeout: 300_000 },
  () => {
    for (const each of cases) {
      it.concurrent(
        `${each.type}: the inject step is an error naming the module, and nothing is left`,
        async () => {
          const run = await runChaos(
            ['run', `${fixtures}/${each.scenario}.ts`, '--profile', 'ci'],
            {
              env: { CHAOS_FAULT_BOUND_MS: '5000' },
              timeoutMs: 280_000,
            },
          );
          const drill = readJournal(run.reportRoot).drills[0]!;
          const brief = stepsInBrief(drill);
          expect(run.code, brief).toBe(3);
          expect(drill.outcome, brief).toBe('error');
          const inject = drill.steps.find((s) => s.name === 'inject')!;
          expect(inject.outcome, brief).toBe('error');
          expect(inject.message).toContain(each.message);
          expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
          if (each.startsSleeper) {
            // Recorded before the kind went wrong, so the rollback ended it by its identity.
            const ended = drill.rollback.filter((r) => r.kind === `${each.type}:process`);
            expect(ended).toMatchObject([
              { outcome: 'reverted', detail: expect.stringMatching(/^ended sleeper \(pid \d+\)$/) },
            ]);
            expect(await gone(Number(/pid (\d+)/.exec(ended[0]!.detail)![1]))).toBe(true);
          }
          const hosts = hostPids(run.stderr);
          expect(hosts.length, run.stderr.slice(-2000)).toBeGreaterThan(0);
          for (const pid of hosts) expect(await gone(pid)).toBe(true);
          expect(ledgerFiles(run.stateDir)).toEqual([]);
        },
      );
    }

    it.concurrent(
      'Ctrl-C while an apply hangs: the drill stops at once, not at the bound',
      async () => {
        const run = startChaos(['run', `${fixtures}/user-kind-hangs.ts`, '--profile', 'ci'], {
          timeoutMs: 280_000,
        });
        await run.waitForLine(
          /fault: start a sleeper, then wait for something that never comes/,
          240_000,
        );
        // Once the sleeper is in the ledger, the apply is hanging with something to undo.
        for (let i = 0; i < 600 && !sleeperRecorded(run.stateDir); i++)
          await new Promise((r) => setTimeout(r, 100));
        expect(sleeperRecorded(run.stateDir)).toBe(true);
        const interruptedAt = Date.now();
        run.child.kill('SIGINT');
        const { code, stderr } = await run.done;
        // The kind's bound is the default 60 s; the stop does not wait for it.
        expect(Date.now() - interruptedAt).toBeLessThan(30_000);
        expect(code, stderr.slice(-2000)).toBe(130);
        const drill = readJournal(run.reportRoot).drills[0]!;
        // The interrupt names the step; the kind's host was ended with the stop.
        expect(drill.steps.find((s) => s.name === 'inject')!.message).toBe('interrupted by SIGINT');
        const ended = drill.rollback.filter((r) => r.kind === 'hangs-in-apply:process');
        expect(ended).toMatchObject([{ outcome: 'reverted' }]);
        expect(await gone(Number(/pid (\d+)/.exec(ended[0]!.detail)![1]))).toBe(true);
        for (const pid of hostPids(stderr)) expect(await gone(pid)).toBe(true);
        expect(ledgerFiles(run.stateDir)).toEqual([]);
      },
    );
  },
);
