// Crash safety with real processes: `chaos run` of a drill that makes every kind of
// change this machine allows is SIGKILLed at each point of its life; what it left behind
// is checked on the system itself (so the test can fail), then `chaos rollback`, or the
// next `chaos run`, must undo every change and end every child, by pid and start time.
// Parent-death signals are off (CHAOS_NO_PDEATHSIG) so the children outlive `chaos`, as
// they do where setpriv is missing; the pause hooks make each kill land between steps.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/faults/ledger.js';
import { identify, isSameProcessAlive } from '../../src/stack/process/proc-identity.js';
import {
  allEntries,
  changeInEffect,
  commandLine,
  hostNftTables,
  killLeftovers,
  latestPerChange,
  processesCarrying,
  readLedgers,
} from '../helpers/ledger-changes.js';
import {
  ledgerFiles,
  readJournal,
  runChaos,
  startChaos,
  type ChaosRun,
} from '../helpers/run-chaos.js';

const FIXTURE = 'test/fixtures/scenarios/every-change.ts';
const CRASH_ENV = { CHAOS_NO_PDEATHSIG: '1', CHAOS_TEST_ACTION_PAUSE_MS: '3000' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the fixture records, in order: its stack (work folder, namespace, target,
 * Toxiproxy, proxy, source pool, Alertmanager, Prometheus), then each fault, then each
 * remediation.
 */
const STACK = [
  'work-folder',
  'netns',
  'process',
  'process',
  'proxy',
  'source-pool',
  'process',
  'process',
];
const FAULTS = [
  ['nofile'],
  ['toxic', 'toxic'],
  ['cgroup', 'fault-process'],
  ['nft-table'],
  ['sysctl'],
];
const REMEDIATIONS = [['nofile'], ['memory-limit'], ['sysctl']];
/** The line each fault prints before it records anything (the pause hook holds it there). */
const FAULT_INTENTS = [
  /fault: set the target's soft nofile limit/,
  /fault: add a latency toxic/,
  /fault: hold the target at/,
  /fault: drop 2 % of the packets/,
  /fault: set net\.core\.somaxconn=1024/,
];

interface KillPoint {
  name: string;
  /** Resolves once the run is at the point where it is killed. */
  reach: (run: ChaosRun) => Promise<unknown>;
  /** Ledger kinds recorded by then, oldest first (a prefix, when `prefixOnly`). */
  recorded: string[];
  prefixOnly?: boolean;
  /** Kinds already reverted when it is killed (rollback in progress). */
  reverted?: string[];
  env?: Record<string, string>;
}

const afterFault = (k: number): KillPoint => ({
  name: `after fault ${k + 1} of ${FAULTS.length} (${FAULTS[k]![0]}) was applied`,
  reach: (run) => run.waitForLine(FAULT_INTENTS[k + 1] ?? /● faultApplied/, 240_000),
  recorded: [...STACK, ...FAULTS.slice(0, k + 1).flat()],
});

const KILL_POINTS: KillPoint[] = [
  {
    name: 'while the stack starts (the target spawned, not yet known ready)',
    reach: (run) => waitForChild(run, /chaos\.js target /),
    recorded: ['work-folder', 'netns', 'process'],
    prefixOnly: true,
  },
  ...FAULTS.map((_, k) => afterFault(k)),
  {
    name: 'during remediation, between its first and second action',
    reach: (run) => run.waitForLine(/remediation: raise the memory ceiling/, 300_000),
    recorded: [...STACK, ...FAULTS.flat(), ...REMEDIATIONS[0]!],
  },
  {
    name: 'during verification',
    reach: (run) => run.waitForLine(/▸ verify:/, 300_000),
    recorded: [...STACK, ...FAULTS.flat(), ...REMEDIATIONS.flat()],
  },
  {
    name: 'during rollback (after SIGINT, two entries undone)',
    env: { CHAOS_TEST_ROLLBACK_PAUSE_MS: '3000' },
    reach: async (run) => {
      await run.waitForLine(/● faultApplied/, 240_000);
      run.child.kill('SIGINT');
      await run.waitForLine(/rollback: deleted nftables table/, 120_000);
    },
    recorded: [...STACK, ...FAULTS.flat()],
    reverted: ['nft-table', 'sysctl'],
  },
];

/** Polls until a child of the run whose command line matches exists; returns its pid. */
async function waitForChild(run: ChaosRun, pattern: RegExp): Promise<number> {
  for (let i = 0; i < 3000; i++) {
    const pid = processesCarrying(run.stateDir).find((p) => pattern.test(commandLine(p)));
    if (pid !== undefined) return pid;
    if (run.child.exitCode !== null) throw new Error('chaos exited before the child appeared');
    await sleep(20);
  }
  throw new Error(`no child matching ${pattern} appeared within about a minute`);
}

const started: ChaosRun[] = [];
const strangers: ChildProcess[] = [];

afterEach(async () => {
  // Whatever a failed test left: roll it back, then end any child still carrying its state dir.
  for (const run of started.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.done;
    if (ledgerFiles(run.stateDir).length > 0)
      await runChaos(['rollback'], { env: { CHAOS_STATE_DIR: run.stateDir }, timeoutMs: 120_000 });
    killLeftovers(run.stateDir);
  }
  for (const child of strangers.splice(0)) child.kill('SIGKILL');
}, 180_000);

/** Kills `chaos` at the point, checks the changes are really there, returns the ledger. */
async function killAt(
  point: KillPoint,
): Promise<{ run: ChaosRun; entries: LedgerEntry[]; tablesBefore: Set<string> }> {
  // What the host had before: another run's leftovers are not this run's to answer for.
  const tablesBefore = new Set(hostNftTables());
  const run = startChaos(['run', FIXTURE, '--profile', 'ci'], {
    env: { ...CRASH_ENV, ...point.env },
  });
  started.push(run);
  await point.reach(run);
  run.child.kill('SIGKILL');
  expect((await run.done).signal).toBe('SIGKILL');

  const ledgers = readLedgers(run.stateDir);
  expect(ledgers.length).toBe(1);
  const entries = allEntries(ledgers[0]!.file);
  const kinds = entries.map((e) => e.kind);
  if (point.prefixOnly) expect(kinds.slice(0, point.recorded.length)).toEqual(point.recorded);
  else expect(kinds).toEqual(point.recorded);
  expect(
    entries
      .filter((e) => e.reverted)
      .map((e) => e.kind)
      .sort(),
  ).toEqual([...(point.reverted ?? [])].sort());

  // Still there after the kill: each pending change (the newest, where a remediation
  // changed the same thing again), and none of the reverted ones.
  for (const entry of latestPerChange(entries.filter((e) => !e.reverted))) {
    const { inEffect, seen } = await changeInEffect(entry);
    expect(inEffect, `after the kill, "${entry.description}" should still be needed: ${seen}`).toBe(
      true,
    );
  }
  for (const entry of entries.filter((e) => e.reverted)) {
    const { inEffect, seen } = await changeInEffect(entry);
    expect(inEffect, `"${entry.description}" was undone before the kill: ${seen}`).toBe(false);
  }
  expect(processesCarrying(run.stateDir).length).toBeGreaterThan(0);
  return { run, entries, tablesBefore };
}

/** After recovery: no change in effect, no child, no ledger, no nftables table the run added. */
async function expectNothingLeft(
  stateDir: string,
  entries: LedgerEntry[],
  said: string,
  tablesBefore: Set<string>,
) {
  for (const entry of entries) {
    const { inEffect, seen } = await changeInEffect(entry);
    expect(inEffect, `after recovery, "${entry.description}": ${seen}`).toBe(false);
  }
  // The lowered limit was restored while its process lived, before the process was ended.
  for (const entry of entries.filter((e) => e.kind === 'nofile' && !e.reverted)) {
    expect(said).toContain(
      `restored pid ${entry.params.pid}'s soft nofile limit to ${entry.params.previousSoft}`,
    );
  }
  const left = processesCarrying(stateDir);
  expect(left.map((pid) => `${pid}: ${commandLine(pid)}`)).toEqual([]);
  expect(ledgerFiles(stateDir)).toEqual([]);
  expect(hostNftTables().filter((t) => t.includes('chaos_') && !tablesBefore.has(t))).toEqual([]);
}

describe(
  'crash safety: chaos SIGKILLed at every point (real processes)',
  { timeout: 420_000 },
  () => {
    for (const point of KILL_POINTS) {
      it(`killed ${point.name}: chaos rollback undoes every change and ends every child`, async () => {
        const { run, entries, tablesBefore } = await killAt(point);
        const rollback = await runChaos(['rollback'], {
          env: { CHAOS_STATE_DIR: run.stateDir },
          timeoutMs: 180_000,
        });
        expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
        expect(rollback.stdout).toMatch(/run \S+: (\d+) of \1 change\(s\) undone/);
        await expectNothingLeft(run.stateDir, entries, rollback.stdout, tablesBefore);
      });
    }

    it('killed after the stack started: the next chaos run recovers it before it starts anything', async () => {
      const { run, entries, tablesBefore } = await killAt({
        name: 'after the stack started',
        reach: (r) => r.waitForLine(/▸ preflight:/, 120_000),
        recorded: STACK,
      });
      // A run that ends fast: the published rule fails its preflight.
      const next = await runChaos(
        [
          'run',
          'fd-exhaustion',
          '--profile',
          'ci',
          '--rules',
          'rules/tickstorm-published.rules.yml',
        ],
        { env: { CHAOS_STATE_DIR: run.stateDir }, timeoutMs: 300_000 },
      );
      expect(next.code).toBe(1);
      const journal = readJournal(next.reportRoot);
      const pending = entries.filter((e) => !e.reverted).reverse();
      expect(journal.recovered.map((r) => [r.description, r.outcome])).toEqual(
        pending.map((e) => [e.description, 'reverted']),
      );
      // Its stderr shows the recovery came before its own stack.
      const recovering = next.stderr.indexOf('recovering run');
      expect(recovering).toBeGreaterThan(-1);
      expect(recovering).toBeLessThan(next.stderr.indexOf('target: reference TickStorm'));
      await expectNothingLeft(
        run.stateDir,
        entries,
        journal.recovered.map((r) => r.detail).join('\n'),
        tablesBefore,
      );
    });
  },
);

describe('a reused pid is never signalled (real processes, hand-written ledgers)', () => {
  const spawnSleeper = async () => {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    strangers.push(child);
    await new Promise((resolve) => child.once('spawn', resolve));
    for (let i = 0; i < 100 && identify(child.pid!)?.startTime === undefined; i++) await sleep(10);
    return { child, identity: identify(child.pid!)! };
  };
  const ledgerLines = (runId: string, owner: object, processes: object[]) =>
    [
      { op: 'open', runId, owner, at: new Date().toISOString() },
      ...processes.map((params, index) => ({
        op: 'intent',
        id: index + 1,
        kind: 'process',
        params,
        description: `end ${(params as { name: string }).name}`,
        at: new Date().toISOString(),
      })),
    ]
      .map((line) => JSON.stringify(line))
      .join('\n') + '\n';

  it('ends the recorded child, leaves a stranger holding a recorded pid, and leaves a live run alone', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'chaos-state-'));
    const ledgers = join(stateDir, 'ledgers');
    mkdirSync(ledgers);
    // The crashed run's owner: a real process, now gone.
    const owner = await spawnSleeper();
    owner.child.kill('SIGKILL');
    for (let i = 0; i < 200 && isSameProcessAlive(owner.identity); i++) await sleep(10);
    const ours = await spawnSleeper();
    const stranger = await spawnSleeper();
    const watched = await spawnSleeper();
    writeFileSync(
      join(ledgers, 'crashed.jsonl'),
      ledgerLines('crashed', owner.identity, [
        { name: 'target', ...ours.identity },
        // The pid the crashed run recorded now belongs to a stranger started later.
        {
          name: 'prometheus',
          pid: stranger.identity.pid,
          startTime: stranger.identity.startTime - 100,
          command: 'prometheus --config.file=prometheus.yml',
        },
      ]),
    );
    // A run still in progress (its owner, this test, is alive): not abandoned.
    const me = identify(process.pid)!;
    writeFileSync(
      join(ledgers, 'running.jsonl'),
      ledgerLines('running', me, [{ name: 'target', ...watched.identity }]),
    );

    const rollback = await runChaos(['rollback'], { env: { CHAOS_STATE_DIR: stateDir } });
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(isSameProcessAlive(ours.identity)).toBe(false);
    expect(isSameProcessAlive(stranger.identity)).toBe(true);
    expect(rollback.stdout).toContain(
      `prometheus (pid ${stranger.identity.pid}) had already exited`,
    );
    expect(isSameProcessAlive(watched.identity)).toBe(true);
    expect(ledgerFiles(stateDir)).toEqual(['running.jsonl']);
  });
});
