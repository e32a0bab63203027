// Runs the real `chaos` command as a user would, in a child process, with its own
// state folder (ledgers) and report folder so tests never see each other's runs.

import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chaosBin } from '../../src/paths.js';
import type { RunResult } from '../../src/result/run-result.js';

export interface ChaosRun {
  child: ChildProcess;
  /** Resolves when the process exits. */
  done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
  stateDir: string;
  reportRoot: string;
  /** Resolves when a line of stderr (progress) matches. */
  waitForLine: (pattern: RegExp, withinMs: number) => Promise<string>;
}

export interface ChaosOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** The --report-dir a run gets; default a fresh empty folder. */
  reportRoot?: string;
  /** Run as this user (root can): its state and report folders are handed to it. */
  user?: { uid: number; gid: number };
}

export function startChaos(args: string[], options: ChaosOptions = {}): ChaosRun {
  const stateDir = mkdtempSync(join(tmpdir(), 'chaos-state-'));
  const reportRoot = options.reportRoot ?? mkdtempSync(join(tmpdir(), 'chaos-reports-'));
  const withReports = args[0] === 'run' ? [...args, '--report-dir', reportRoot, '--plain'] : args;
  const user = options.user;
  if (user) for (const dir of [stateDir, reportRoot]) chownSync(dir, user.uid, user.gid);
  const child = spawn(process.execPath, [chaosBin, ...withReports], {
    env: {
      ...process.env,
      CHAOS_STATE_DIR: stateDir,
      ...(user ? { HOME: stateDir } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  let stdout = '';
  let stderr = '';
  const lineWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of [...lineWaiters]) {
      const line = stderr.split('\n').find((l) => waiter.pattern.test(l));
      if (line) {
        lineWaiters.splice(lineWaiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 1_500_000);
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitForLine = (pattern: RegExp, withinMs: number) =>
    new Promise<string>((resolve, reject) => {
      const existing = stderr.split('\n').find((l) => pattern.test(l));
      if (existing) return resolve(existing);
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no line matching ${pattern} within ${withinMs} ms; stderr so far:\n${stderr.slice(-3000)}`,
            ),
          ),
        withinMs,
      );
      lineWaiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void done.then(() => {
        clearTimeout(timer);
        reject(
          new Error(
            `chaos exited before a line matched ${pattern}; stderr:\n${stderr.slice(-3000)}`,
          ),
        );
      });
    });
  return { child, done, stateDir, reportRoot, waitForLine };
}

export async function runChaos(args: string[], options: ChaosOptions = {}) {
  const run = startChaos(args, options);
  const result = await run.done;
  return { ...result, stateDir: run.stateDir, reportRoot: run.reportRoot };
}

/** The journal.json of the one run written under `reportRoot`. */
export function readJournal(reportRoot: string): RunResult {
  const runs = readdirSync(reportRoot);
  if (runs.length !== 1)
    throw new Error(`expected one run folder in ${reportRoot}, found ${runs.length}`);
  return JSON.parse(readFileSync(join(reportRoot, runs[0]!, 'journal.json'), 'utf8')) as RunResult;
}

export function runFolder(reportRoot: string): string {
  return join(reportRoot, readdirSync(reportRoot)[0]!);
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function ledgerFiles(stateDir: string): string[] {
  const dir = join(stateDir, 'ledgers');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Pids the run's stack description names ("... (pid 123)" / "reference TickStorm pid 123"). */
export function stackPids(journal: RunResult): number[] {
  return journal.drills.flatMap((drill) =>
    Object.values(drill.stack).flatMap((text) =>
      [...text.matchAll(/pid (\d+)/g)].map((m) => Number(m[1])),
    ),
  );
}

/**
 * A drill's steps in a few lines, each not passing one with its message: put first in a
 * failed assertion's text, since CI keeps only the end of a long output.
 */
export function stepsInBrief(drill: RunResult['drills'][number]): string {
  return [
    `${drill.scenario}: ${drill.steps.map((s) => `${s.name} ${s.outcome}`).join(', ')}`,
    ...drill.steps
      .filter((s) => s.outcome !== 'pass')
      .map((s) => `  ${s.name}: ${s.message.slice(0, 400)}`),
  ].join('\n');
}
