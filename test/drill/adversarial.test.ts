// The adversarial corpus (test/fixtures/adversarial) through the real CLI, next to the
// bad-input one: scenario modules that loop, exit, throw from a getter or a Proxy, or
// keep a timer open at import; a FIFO named as a scenario; a name too long for the
// folders it becomes; a YAML alias bomb as a rules file and as an Alertmanager config;
// an arrival rate of 1e9; hostile flags and files (issue 27): prototype names and
// never-failing bounds as thresholds, self-referential aliases in every YAML reader, a
// config or a template that is /dev/zero, password files that are FIFOs, empty or huge,
// lists and numbers that mean nothing, a report folder on a full file system. Each exits 2 with one
// line naming the file or flag (never a stack trace, never a hang, never a silent 0) and
// starts nothing; and `chaos load` at the highest rate it takes still stops on SIGTERM.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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

const BAD_INPUT = join(projectRoot, 'test/fixtures/bad-input');
const SELF_ALIAS = fixture('self-alias.yml');
const METRICS = /expected one of session_drop_rate, session_streamed_rate, handshake_seconds$/;
const loadWith = (...args: string[]) => ['load', '--address', '127.0.0.1:9', ...args];
const inlineLoad = (...args: string[]) => loadWith('--vus', '1', '--duration', '1s', ...args);
let passwordFiles = { fifo: '', empty: '', huge: '' };

const hostileCases: Case[] = [
  ...['__proto__', 'constructor', 'toString'].map((name) => ({
    name: `load --threshold ${name}:`,
    args: () => inlineLoad('--threshold', `${name}:rate<0.1`),
    lines: [
      new RegExp(
        `^chaos: flags: --threshold ${name}\\[0\\]: unknown metric "${name}"; ${METRICS.source}`,
      ),
    ],
  })),
  {
    name: 'load --threshold rate<1e999',
    args: () => inlineLoad('--threshold', 'session_drop_rate:rate<1e999'),
    lines: [/: "rate<1e999": expected a finite number, got Infinity$/],
  },
  ...['rate<150%', 'rate>-5'].map((expression) => ({
    name: `load --threshold ${expression}`,
    args: () => inlineLoad('--threshold', `session_drop_rate:${expression}`),
    lines: [
      /^chaos: flags: --threshold session_drop_rate\[0\]: "rate[<>]-?\d+%?" holds for every run \(a rate bound must be within \[0,1\] or 0–100 %/,
    ],
  })),
  {
    name: 'load --profile with thresholds that never fail',
    args: () => loadWith('--profile', join(BAD_INPUT, 'never-fails.profile.yml')),
    lines: [
      /never-fails\.profile\.yml: thresholds\.session_drop_rate\[0\]: "rate<1e999": expected a finite number/,
      /never-fails\.profile\.yml: thresholds\.session_streamed_rate\[0\]: "rate>=0" holds for every run/,
    ],
  },
  {
    name: 'load --profile with invalid thresholds, hidden by --threshold before',
    args: () =>
      loadWith(
        '--profile',
        join(BAD_INPUT, 'list-thresholds.profile.yml'),
        '--threshold',
        'session_drop_rate:rate<0.1',
      ),
    lines: [/list-thresholds\.profile\.yml: thresholds: expected an object of metric/],
  },
  {
    name: 'load --profile self-referential alias',
    args: () => loadWith('--profile', SELF_ALIAS),
    lines: [/self-alias\.yml: is not usable YAML: the alias \*groups is inside the value/],
  },
  {
    name: 'run --rules self-referential alias',
    args: () => ['run', 'fd-exhaustion', '--rules', SELF_ALIAS],
    lines: [/^chaos: --rules: .*self-alias\.yml:4: not usable YAML: the alias \*groups/],
  },
  {
    name: 'run --alertmanager-config self-referential alias',
    args: () => ['run', 'fd-exhaustion', '--alertmanager-config', SELF_ALIAS],
    lines: [/--alertmanager-config \(.*self-alias\.yml:4: not usable YAML: the alias \*groups/],
  },
  {
    name: 'run --alertmanager-config with templates: [/dev/zero]',
    args: () => [
      'run',
      'fd-exhaustion',
      '--alertmanager-config',
      fixture('templates-dev-zero.yml'),
    ],
    lines: [
      /templates-dev-zero\.yml:9: templates\[0\]: \/dev\/zero is a device, not a regular file/,
    ],
  },
  ...(['fifo', 'empty', 'huge'] as const).map((kind) => ({
    name: `run --password-file (${kind})`,
    args: () => ['run', 'fd-exhaustion', '--password-file', passwordFiles[kind]],
    lines: [
      {
        fifo: /^chaos: --password-file \S+: expected a regular file under 64 KiB holding the password, got a FIFO, not a regular file$/,
        empty: /, got an empty file; write the password in it$/,
        huge: /, got 102400 bytes, over 64 KiB$/,
      }[kind],
    ],
  })),
  {
    name: 'run --as-published=,',
    args: () => ['run', 'fd-exhaustion', '--as-published=,'],
    lines: [/^chaos: --as-published: "," has an empty item; expected all, none or a comma list/],
  },
  {
    name: 'run --as-published=-all',
    args: () => ['run', 'fd-exhaustion', '--as-published=-all'],
    lines: [/^chaos: --as-published: "-all" removes nothing: it was not chosen before it/],
  },
  {
    name: 'load --profile /dev/zero',
    args: () => loadWith('--profile', '/dev/zero'),
    lines: [/^chaos: \/dev\/zero: could not read the profile \(a device, not a regular file\)/],
  },
  {
    name: 'run --rules /dev/zero',
    args: () => ['run', 'fd-exhaustion', '--rules', '/dev/zero'],
    lines: [/^chaos: --rules: \/dev\/zero: cannot read the rules file \(a device, not a regular/],
  },
  {
    name: 'run --alertmanager-config /dev/zero',
    args: () => ['run', 'fd-exhaustion', '--alertmanager-config', '/dev/zero'],
    lines: [
      /--alertmanager-config \(\/dev\/zero: cannot read it \(a device, not a regular file\)\)$/,
    ],
  },
  {
    name: 'run --parallel 1e1',
    args: () => ['run', 'fd-exhaustion', '--parallel', '1e1'],
    lines: [/^chaos: --parallel: expected a number of drills from 1 to 64, got "1e1"$/],
  },
  {
    name: 'run --stop-when given bare',
    args: () => ['run', 'fd-exhaustion', '--stop-when'],
    lines: [/^chaos: --stop-when: expected a value after it, got nothing$/],
  },
  {
    name: 'run --stop-when that is not PromQL',
    args: () => ['run', 'fd-exhaustion', '--stop-when', 'up{'],
    lines: [/^chaos: --stop-when: "up\{": expected valid PromQL, got a syntax error at column 4: /],
  },
  {
    name: 'stop with an id that is a path',
    args: () => ['stop', '../ledgers/x'],
    lines: [
      /^chaos: expected a run or drill id like \S+ \(letters, digits, \. _ -\), got "\.\.\/ledgers\/x"$/,
    ],
  },
  {
    name: 'stop --wait 1e1',
    args: () => ['stop', '--all', '--wait', '1e1'],
    lines: [/^chaos: --wait: expected a plain number of seconds, like 60, got "1e1"$/],
  },
];

describe('hostile flags and files through the real CLI', { timeout: 300_000 }, () => {
  it('exit 2 with one line each, before anything starts', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'chaos-hostile-'));
    passwordFiles = {
      fifo: join(scratch, 'fifo'),
      empty: join(scratch, 'empty'),
      huge: join(scratch, 'huge'),
    };
    execFileSync('mkfifo', [passwordFiles.fifo]);
    writeFileSync(passwordFiles.empty, '');
    writeFileSync(passwordFiles.huge, 'x'.repeat(100 * 1024));
    const runs = await Promise.all(
      hostileCases.map(async (c) => ({ c, run: await runChaos(c.args(), { timeoutMs: 120_000 }) })),
    );
    for (const { c, run } of runs) {
      const lines = run.stderr.trimEnd().split('\n');
      const context = `${c.name}\n${run.stderr}`;
      expect(run.code, context).toBe(2);
      expect(lines.length, context).toBe(c.lines.length);
      c.lines.forEach((pattern, i) => expect(lines[i], context).toMatch(pattern));
      expect(readdirSync(run.reportRoot), context).toEqual([]);
      expect(ledgerFiles(run.stateDir), context).toEqual([]);
    }
  });

  it('chaos lint reports a self-referential alias as unreadable (exit 2), not a stack', async () => {
    const run = await runChaos(['lint', SELF_ALIAS]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/self-alias\.yml:4: not usable YAML: the alias \*groups/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  // A tmpfs of 4 KiB, filled: the probe file cannot be written. Mounting needs root.
  const isRoot = process.getuid?.() === 0;
  it.skipIf(!isRoot)(
    'a --report-dir on a full file system (needs root to mount a tmpfs)',
    async () => {
      const full = mkdtempSync(join(tmpdir(), 'chaos-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', full]);
      try {
        writeFileSync(join(full, 'fill'), Buffer.alloc(4096));
        const nested = join(full, 'reports');
        for (const reportDir of [full, nested]) {
          const run = await runChaos(['run', 'fd-exhaustion'], { reportRoot: reportDir });
          expect(run.code, run.stderr).toBe(2);
          expect(run.stderr.trimEnd().split('\n')).toEqual([
            `chaos: --report-dir: ${reportDir} cannot hold the reports: its file system is full (ENOSPC); free some space or choose another folder`,
          ]);
          expect(ledgerFiles(run.stateDir)).toEqual([]);
        }
        expect(readdirSync(full)).toEqual(['fill']);
      } finally {
        execFileSync('umount', [full]);
      }
    },
  );
});
