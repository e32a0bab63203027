import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlagProblems, typedValue } from './run-flags.js';

const defaults = { scenario: ['fd-exhaustion'], all: false, allowRemote: [], uiPort: 0 };

describe('typedValue', () => {
  it('reads `--flag value`, `--flag=value`, the camelCase name and a bare flag', () => {
    expect(typedValue(['--seed', '7'], 'seed')).toBe('7');
    expect(typedValue(['--seed=abc'], 'seed')).toBe('abc');
    expect(typedValue(['--timeScale', '0.5'], 'timeScale')).toBe('0.5');
    expect(typedValue(['--time-scale', '-1'], 'timeScale')).toBe('-1');
    expect(typedValue(['--seed', '--plain'], 'seed')).toBeNull();
    expect(typedValue(['--seed'], 'seed')).toBeNull();
    expect(typedValue(['run', 'x'], 'seed')).toBeUndefined();
    expect(typedValue(['--', '--seed', '3'], 'seed')).toBeUndefined();
  });
});

describe('runFlagProblems', () => {
  it('refuses --stop-when given bare, and takes it repeated', () => {
    expect(runFlagProblems({ ...defaults, stopWhen: [] }, ['--stop-when'])).toEqual([
      '--stop-when: expected a value after it, got nothing',
    ]);
    expect(runFlagProblems({ ...defaults, stopWhen: ['up == 0', 'x > 1'] }, [])).toEqual([]);
  });

  it('accepts ordinary flags', () => {
    const typed = ['run', 'fd-exhaustion', '--seed', '7', '--time-scale', '0.2'];
    expect(runFlagProblems({ ...defaults, seed: 7, timeScale: 0.2 }, typed)).toEqual([]);
  });

  it('refuses numbers that are not plain decimals, though yargs reads them', () => {
    expect(runFlagProblems({ ...defaults, parallel: 10 }, ['--parallel', '1e1'])).toEqual([
      '--parallel: expected a number of drills from 1 to 64, got "1e1"',
    ]);
    expect(runFlagProblems({ ...defaults, seed: 16 }, ['--seed=0x10'])).toEqual([
      '--seed: expected an integer like 7, got "0x10"',
    ]);
    expect(runFlagProblems({ ...defaults, targetPid: 1.5 }, ['--target-pid', '1.5'])).toEqual([
      '--target-pid: expected a process id like 4242, got "1.5"',
    ]);
  });

  it('says what was typed when yargs could not read a number', () => {
    expect(runFlagProblems({ ...defaults, seed: NaN }, ['--seed', 'abc'])).toEqual([
      '--seed: expected an integer like 7, got "abc"',
    ]);
    expect(runFlagProblems({ ...defaults, timeScale: undefined }, ['--time-scale'])).toEqual([
      '--time-scale: expected a number like 0.2, got nothing',
    ]);
    expect(runFlagProblems({ ...defaults, seed: 0 }, ['--seed='])).toEqual([
      '--seed: expected an integer like 7, got nothing',
    ]);
    expect(runFlagProblems({ ...defaults, uiPort: 70000 }, ['--ui-port', '70000'])).toEqual([
      '--ui-port: expected a port from 0 to 65535 (0 = any free port), got "70000"',
    ]);
  });

  it('refuses a single-valued flag given twice or left empty, once per flag', () => {
    const args = { ...defaults, reportDir: ['a', 'b'], 'report-dir': ['a', 'b'], rules: '' };
    expect(runFlagProblems(args, [])).toEqual([
      '--report-dir: given 2 times ("a", "b"); expected it once',
      '--rules: expected a value after it, got nothing',
    ]);
    expect(runFlagProblems({ ...defaults, plain: [true, true] }, [])).toEqual([]);
  });

  it('refuses --all beside scenario names, and a report folder that is a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'run-flags-')), 'a-file');
    writeFileSync(file, '');
    expect(runFlagProblems({ ...defaults, all: true, reportDir: file }, [])).toEqual([
      '--all: runs every scenario in scenarios/; expected either --all or scenario names, got both (fd-exhaustion)',
      `--report-dir: ${file} is a file; expected a folder to hold the run folders (created when missing)`,
    ]);
  });
});
