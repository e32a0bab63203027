// A password stays secret through a real drill: given as `--password` on the command line
// and as AUTH_PASSWORD in the environment, only the target's environment carries one
// (STREAM_PASS, the flag's); Toxiproxy, Prometheus, Alertmanager and every other process
// the run starts have neither in /proc/<pid>/environ, and the ledger, the reports and the
// state folder record the command line with `--password ***`. Real processes.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startChaos } from '../helpers/run-chaos.js';

const FLAG_SECRET = 'flag-secret-7d1f0c';
const ENV_SECRET = 'env-secret-93ab55';

/** Every live process below `root`, by parent pid, from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // ended while we looked
    }
  }
  const found: number[] = [];
  let frontier = [root];
  for (let depth = 0; depth < 16 && frontier.length > 0; depth++) {
    frontier = [...parents].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...frontier);
  }
  return found;
}

/** A process's environment as NAME=value lines, and its command line; null once it ended. */
function inspect(pid: number): { environ: string[]; command: string } | null {
  try {
    return {
      environ: readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean),
      command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '),
    };
  } catch {
    return null;
  }
}

/** Every file under `dir` (bounded: a run's folders hold a few dozen). */
function filesUnder(dir: string, depth = 0): string[] {
  if (depth > 6) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, depth + 1) : [path];
  });
}

describe('secrets during a drill (real processes)', { timeout: 240_000 }, () => {
  it('keep the password in the target alone, and out of every record', async () => {
    const run = startChaos(
      ['run', 'fd-exhaustion', '--profile', 'ci', '--user', 'drill', '--password', FLAG_SECRET],
      { env: { AUTH_PASSWORD: ENV_SECRET } },
    );
    const targetLine = await run.waitForLine(/target: reference TickStorm pid \d+/, 150_000);
    for (const part of ['toxiproxy', 'prometheus', 'alertmanager'])
      await run.waitForLine(new RegExp(`${part}: \\S+ \\(pid \\d+\\)`), 150_000);
    const targetPid = Number(/pid (\d+)/.exec(targetLine)![1]);

    // The ledger while the run holds it: the owner line records the command, password replaced.
    const ledgerDir = join(run.stateDir, 'ledgers');
    const ledgers = readdirSync(ledgerDir).map((name) =>
      readFileSync(join(ledgerDir, name), 'utf8'),
    );
    expect(ledgers.length).toBeGreaterThan(0);
    const ledgerText = ledgers.join('\n');
    expect(ledgerText).toContain('--password ***');
    expect(ledgerText).not.toContain(FLAG_SECRET);
    expect(ledgerText).not.toContain(ENV_SECRET);

    // tsx's esbuild service is chaos's own runtime, started with chaos's environment before
    // any flag is read (as chaos's own /proc/<pid>/environ is): not a process of the stack.
    const processes = descendants(run.child.pid!)
      .map((pid) => ({ pid, seen: inspect(pid) }))
      .filter((p) => p.seen !== null && !/\/esbuild --service/.test(p.seen.command));
    expect(processes.map((p) => p.pid)).toContain(targetPid);
    // The target, Toxiproxy, Prometheus and Alertmanager at least.
    expect(processes.length).toBeGreaterThanOrEqual(4);
    // Each leak as one line, so a failure names the process without dumping its environment.
    const leaks = processes.flatMap(({ pid, seen }) => {
      const { environ, command } = seen!;
      const who = `pid ${pid} (${command.slice(0, 120)})`;
      const passwords = environ.filter((line) => /^(STREAM_PASS|AUTH_PASSWORD)=/.test(line));
      const allowed = pid === targetPid ? [`STREAM_PASS=${FLAG_SECRET}`] : [];
      return [
        ...(command.includes(FLAG_SECRET) ? [`${who}: the password is on its command line`] : []),
        ...environ
          .filter((line) => line.includes(ENV_SECRET) || line.includes(FLAG_SECRET))
          .filter((line) => !allowed.includes(line) && !passwords.includes(line))
          .map((line) => `${who}: ${line.split('=')[0]} holds a password`),
        ...passwords
          .filter((line) => !allowed.includes(line))
          .map((line) => `${who}: ${line.split('=')[0]} in its environment`),
        ...(pid === targetPid && !passwords.includes(allowed[0]!)
          ? [`${who}: the target lacks STREAM_PASS`]
          : []),
      ];
    });
    expect(leaks).toEqual([]);

    run.child.kill('SIGINT');
    const { code, stdout, stderr } = await run.done;
    expect(code, stderr.slice(-2000)).toBe(130);
    expect(stdout + stderr).not.toContain(FLAG_SECRET);
    for (const file of [...filesUnder(run.reportRoot), ...filesUnder(run.stateDir)]) {
      const text = readFileSync(file, 'latin1');
      expect(text, file).not.toContain(FLAG_SECRET);
      expect(text, file).not.toContain(ENV_SECRET);
    }
  });
});
