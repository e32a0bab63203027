// The adversarial corpus (test/fixtures/adversarial) through the real CLI, next to the
// bad-input one: scenario modules that loop, exit, throw from a getter or a Proxy, or
// keep a timer open at import; a FIFO named as a scenario; a name too long for the
// folders it becomes; a YAML alias bomb as a rules file and as an Alertmanager config;
// an arrival rate of 1e9. Each exits 2 with one line naming the file (never a stack
// trace, never a hang, never a silent 0) and starts nothing; and `chaos load` at the
// highest rate it takes still stops on SIGTERM.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { ledgerFiles, runChaos, startChaos } from '../helpers/run-chaos.js';

const CORPUS = join(projectRoot, 'test/fixtures/adversarial');
const fixture = (name: string) => join(CORPUS, name);
const shown = (path: string) => relative(process.cwd(), path);
/**
 * Shorter than the default 20 s, so the endless loop costs less; long enough that a
 * loaded machine still starts the import child of every other case within it.
 */
const BOUND = { CHAOS_IMPORT_BOUND_MS: '10000' };

interface Case {
  name: string;
  args: () => string[];
  /** The whole of stderr: one line each. */
  lines: RegExp[];
}

const scenarioCases = (file: string, line: RegExp): Case[] =>
  (['validate', 'run'] as const).map((command) => ({
    name: `${command} ${file}`,
    args: () => [command, fixture(file)],
    lines: [new RegExp(`^chaos: ${shown(fixture(file))}: ${line.source}`)],
  }));

let fifo = '';

const cases: Case[] = [
  ...scenarioCases(
    'endless-loop.ts',
    /importing the file did not finish within 10\.0 s; a scenario module must only export its definition/,
  ),
  ...scenarioCases(
    'exits-at-import.ts',
    /the process importing the file exited with code 0 before the file was read; a scenario module must not end the process/,
  ),
  ...scenarioCases('throwing-getter.ts', /reading its default export threw: a getter that throws$/),
  ...scenarioCases(
    'throwing-proxy.ts',
    /reading its default export threw: a Proxy trap that throws$/,
  ),
  ...scenarioCases(
    'over-long-name.ts',
    /name: expected a name of at most 63 characters \(it names folders, ledgers and cgroups\), got 300$/,
  ),
  {
    name: 'run a FIFO',
    args: () => ['run', fifo],
    lines: [/: is not a regular file; expected a scenario \.ts file$/],
  },
  {
    name: 'run --rules alias bomb',
    args: () => ['run', 'fd-exhaustion', '--rules', fixture('alias-bomb.yml')],
    lines: [
      /^chaos: --rules: .*alias-bomb\.yml:1: not usable YAML: Excessive alias count indicates a resource exhaustion attack$/,
    ],
  },
  {
    name: 'run --alertmanager-config alias bomb',
    args: () => ['run', 'fd-exhaustion', '--alertmanager-config', fixture('alias-bomb.yml')],
    lines: [
      /^chaos: scenarios\/fd-exhaustion\.ts: --alertmanager-config \(.*alias-bomb\.yml:1: not usable YAML: Excessive alias count/,
    ],
  },
  {
    name: 'load --rate 1e9',
    args: () => ['load', '--address', '127.0.0.1:9', '--rate', '1000000000', '--duration', '5s'],
    lines: [
      /^chaos: flags: --rate: expected at most 100000 new sessions a second .*, got 1000000000 per 1000 ms$/,
    ],
  },
];

describe('the adversarial corpus through the real CLI', { timeout: 300_000 }, () => {
  it('exits 2 with one line naming the file, for every case, and starts nothing', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'chaos-adversarial-'));
    fifo = join(scratch, 'scenario.ts');
    execFileSync('mkfifo', [fifo]);
    // Independent processes: all at once.
    const runs = await Promise.all(
      cases.map(async (c) => ({ c, run: await runChaos(c.args(), { env: BOUND }) })),
    );
    for (const { c, run } of runs) {
      const lines = run.stderr.trimEnd().split('\n');
      const context = `${c.name}\n${run.stderr}`;
      expect(run.code, context).toBe(2);
      expect(lines.length, context).toBe(c.lines.length);
      c.lines.forEach((pattern, i) => expect(lines[i], context).toMatch(pattern));
      expect(run.stderr, context).not.toMatch(/\n\s+at /);
      expect(readdirSync(run.reportRoot), context).toEqual([]);
      expect(ledgerFiles(run.stateDir), context).toEqual([]);
    }
  });

  it('reads a scenario that keeps a timer open at import, without waiting on it', async () => {
    const run = await runChaos(['validate', fixture('open-handle.ts')], { env: BOUND });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/open-handle/);
  });

  it('chaos load at its highest rate, against a closed port, stops on SIGTERM', async () => {
    const load = startChaos([
      'load',
      '--address',
      '127.0.0.1:9',
      '--rate',
      '100000',
      '--duration',
      '5m',
    ]);
    // Long enough to be starting sessions at full rate (its banner goes to stdout).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    load.child.kill('SIGTERM');
    // A bound for a hang, not a timing: it must end at all, and say what it did.
    const ended = await Promise.race([
      load.done,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000)),
    ]);
    if (ended === null) load.child.kill('SIGKILL');
    expect(ended).not.toBeNull();
    expect(ended!.stdout).toMatch(/skipped\s+\d+ arrivals/);
    expect(ended!.stdout).toMatch(/refused\s+\d+/);
  });
});
