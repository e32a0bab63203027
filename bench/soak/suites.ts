// The ci suite as the drill tests run it, each part a real `chaos run` with a private
// state folder: every drill in scenarios/, every no-op negative control, the published
// rule, and one drill against a TickStorm the drill did not start (`chaos target` started
// by the soak as the published server, and as TickStorm should behave: the positive
// control). After each, nothing may be left behind: no ledger, no child.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../../src/result/run-result.js';
import { chaosBin } from '../../src/paths.js';
import { killLeftovers } from '../../src/proc/state-dir-processes.js';
import type { Expectation } from './judge.js';
import { HandStartedTarget } from '../../test/helpers/hand-started-target.js';
import type { HostileReport } from '../../test/helpers/hostile-neighbour.js';
import { HostileBeside } from './hostile-beside.js';

export interface Suite {
  name: string;
  /** Arguments after `chaos run`. */
  args: string[];
  expect: Record<string, Expectation>;
  /** Start `chaos target --as-published=<this>` first and point the run at it (--target …). */
  handStartedTarget?: string;
}

const NOOPS = [
  'connection-reset',
  'fd-exhaustion',
  'memory-pressure',
  'packet-loss',
  'syn-backlog',
];

/** `parallel`: --parallel for every suite (default: the machine's choice, drills at once). */
export function ciSuites(parallel?: number): Suite[] {
  const at = parallel === undefined ? [] : ['--parallel', String(parallel)];
  return [
    {
      name: 'every drill (--all)',
      args: ['--all', ...at],
      // A drill added to scenarios/ without an expectation here is a failure ("no
      // expectation"); one that no longer runs is too ("did not run").
      expect: {
        'connection-reset': 'pass',
        'fd-exhaustion': 'pass',
        'memory-pressure': 'pass',
        'packet-loss': 'pass',
        'syn-backlog': 'alert-blind',
      },
    },
    {
      name: 'no-op remediations',
      args: [...NOOPS.map((d) => `test/fixtures/scenarios/${d}-noop.ts`), ...at],
      expect: Object.fromEntries(NOOPS.map((d) => [`${d}-noop`, 'fail-at-verify'])),
    },
    {
      name: 'published rule',
      args: ['fd-exhaustion', '--rules', 'rules/tickstorm-published.rules.yml'],
      expect: { 'fd-exhaustion': 'fail-at-preflight' },
    },
    {
      // Its counters counting: the pool's silent queue fails the baseline on the clients.
      name: 'a published server the drill did not start',
      args: ['fd-exhaustion'],
      expect: { 'fd-exhaustion': 'fail-at-baseline' },
      handStartedTarget: 'all,-frozen-connection-counters',
    },
    {
      name: 'TickStorm as it should behave, started by hand',
      args: ['fd-exhaustion'],
      expect: { 'fd-exhaustion': 'pass' },
      handStartedTarget: 'none',
    },
  ];
}

export interface SuiteRun {
  code: number | null;
  journal: RunResult | null;
  /** Whatever went wrong outside a drill's own outcome: a crash, a leak, a bound. */
  problems: string[];
  log: string;
  /** With a hostile neighbour beside the run: what it sent and what came back. */
  hostile?: HostileReport;
}

const SUITE_BOUND_MS = 45 * 60_000;

/**
 * Runs `chaos run <args> --profile ci` in `dir` (reports, state folder and log inside it);
 * with `hostileSeed`, with its live page on and a hostile neighbour fuzzing its servers.
 */
export async function runSuite(suite: Suite, dir: string, hostileSeed?: number): Promise<SuiteRun> {
  const stateDir = join(dir, 'state');
  const reportRoot = join(dir, 'reports');
  const log = join(dir, 'chaos.log');
  mkdirSync(reportRoot, { recursive: true });
  const problems: string[] = [];
  const env = { ...process.env, CHAOS_STATE_DIR: stateDir };
  const target = suite.handStartedTarget
    ? await HandStartedTarget.start(suite.handStartedTarget)
    : null;
  const args = [
    ...suite.args,
    ...(target?.runFlags() ?? []),
    '--profile',
    'ci',
    '--plain',
    '--report-dir',
    reportRoot,
    ...(hostileSeed === undefined ? [] : ['--ui', '--ui-port', '0']),
  ];
  const hostile = hostileSeed === undefined ? null : new HostileBeside(hostileSeed, SUITE_BOUND_MS);
  const code = await runChaos(['run', ...args], env, log, SUITE_BOUND_MS, problems, (chunk) =>
    hostile?.read(chunk),
  ).finally(() => target?.stop());
  const hostileReport = await hostile?.stop();

  const runs = existsSync(reportRoot) ? readdirSync(reportRoot) : [];
  let journal: RunResult | null = null;
  if (runs.length === 1 && existsSync(join(reportRoot, runs[0]!, 'journal.json')))
    journal = JSON.parse(
      readFileSync(join(reportRoot, runs[0]!, 'journal.json'), 'utf8'),
    ) as RunResult;
  else problems.push(`chaos exited ${code} without a journal; see ${log}`);

  const ledgers = join(stateDir, 'ledgers');
  const left = existsSync(ledgers) ? readdirSync(ledgers) : [];
  if (left.length > 0) {
    problems.push(`ledger left behind: ${left.join(', ')} (rolled back now)`);
    await runChaos(['rollback'], env, log, 120_000, problems);
  }
  const children = killLeftovers(stateDir);
  if (children.length > 0)
    problems.push(`processes left behind: pid ${children.join(', ')} (killed now)`);
  return { code, journal, problems, log, ...(hostileReport ? { hostile: hostileReport } : {}) };
}

function runChaos(
  args: string[],
  env: NodeJS.ProcessEnv,
  log: string,
  boundMs: number,
  problems: string[],
  /** Each chunk of the run's stderr (progress), as it comes. */
  onProgress: (chunk: string) => void = () => {},
): Promise<number | null> {
  const out = createWriteStream(log, { flags: 'a' });
  const child = spawn(process.execPath, [chaosBin, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  child.stderr.on('data', (chunk: Buffer) => onProgress(chunk.toString()));
  // Past the bound: SIGINT (it rolls back), then SIGKILL a minute later.
  const interrupt = setTimeout(() => {
    problems.push(`chaos ${args[0]} still running after ${boundMs / 60_000} min; interrupted`);
    child.kill('SIGINT');
  }, boundMs);
  const kill = setTimeout(() => child.kill('SIGKILL'), boundMs + 60_000);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(interrupt);
      clearTimeout(kill);
      out.end();
      if (signal) problems.push(`chaos ${args[0]} was killed by ${signal}`);
      resolve(code);
    });
  });
}
