// What yargs lets through for `chaos run` but cannot judge: a flag given twice (it makes
// an array), a flag left empty, a number it could not read (NaN, or nothing at all),
// --all beside scenario names, a report folder that cannot be made or written (report-dir.ts).

import { plainNumber } from './plain-number.js';
import { reportDirProblem } from './report-dir.js';
import { UsageError } from './usage-error.js';

/** The flags that take a list; any other flag given twice is a mistake. */
const LIST_FLAGS = new Set(['scenario', 'allowRemote', 'stopWhen']);
/** Flags whose value may be left out: `--as-published` alone means all. */
const OPTIONAL_VALUE = new Set(['asPublished']);

interface NumberFlag {
  key: string;
  expected: string;
  integer: boolean;
  min?: number;
  max?: number;
}

const NUMBER_FLAGS: NumberFlag[] = [
  { key: 'seed', expected: 'an integer like 7', integer: true },
  { key: 'parallel', expected: 'a number of drills from 1 to 64', integer: true, min: 1, max: 64 },
  // Its range is the time profile's to judge (scenario/time-profile.ts).
  { key: 'timeScale', expected: 'a number like 0.2', integer: false },
  {
    key: 'uiPort',
    expected: 'a port from 0 to 65535 (0 = any free port)',
    integer: true,
    min: 0,
    max: 65535,
  },
  { key: 'targetPid', expected: 'a process id like 4242', integer: true, min: 1 },
];

/** Throws a UsageError with one line per problem in the flags of `chaos run`. */
export function checkRunFlags(args: Record<string, unknown>, typed = process.argv.slice(2)): void {
  const problems = runFlagProblems(args, typed);
  if (problems.length > 0) throw new UsageError(problems);
}

export function runFlagProblems(args: Record<string, unknown>, typed: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    // yargs keeps each flag under its kebab and its camelCase name: judge one of them.
    if (key === '_' || key === '$0' || key.includes('-')) continue;
    if (LIST_FLAGS.has(key)) {
      // It has no default: an empty list is the flag given bare (`--stop-when` and nothing).
      if (key === 'stopWhen' && Array.isArray(value) && value.length === 0)
        problems.push(`${flagOf(key)}: expected a value after it, got nothing`);
      continue;
    }
    if (Array.isArray(value) && !value.every((v) => typeof v === 'boolean')) {
      const given = value.map((v) => JSON.stringify(v)).join(', ');
      problems.push(`${flagOf(key)}: given ${value.length} times (${given}); expected it once`);
    } else if (value === '' && !OPTIONAL_VALUE.has(key)) {
      problems.push(`${flagOf(key)}: expected a value after it, got nothing`);
    }
  }
  for (const spec of NUMBER_FLAGS) {
    const problem = numberProblem(spec, args[spec.key], typed);
    if (problem) problems.push(problem);
  }
  const scenarios = (args.scenario as string[] | undefined) ?? [];
  if (args.all === true && scenarios.length > 0) {
    problems.push(
      `--all: runs every scenario in scenarios/; expected either --all or scenario names, got both (${scenarios.join(', ')})`,
    );
  }
  const reportDir = args.reportDir;
  const reportProblem =
    typeof reportDir === 'string' && reportDir !== '' ? reportDirProblem(reportDir) : null;
  if (reportProblem) problems.push(reportProblem);
  return problems;
}

function numberProblem(spec: NumberFlag, value: unknown, typed: readonly string[]): string | null {
  if (Array.isArray(value)) return null; // said above: given twice
  const raw = typedValue(typed, spec.key);
  if (raw === undefined) return null;
  const flag = flagOf(spec.key);
  // yargs reads a bare flag as nothing and `--seed=` as 0: only what was typed tells.
  if (raw === null || raw.trim() === '') return `${flag}: expected ${spec.expected}, got nothing`;
  // yargs reads 1e1, 0x10 and Infinity as numbers: what was typed must be a plain decimal.
  const number = typeof value === 'number' ? (plainNumber(raw.trim(), spec.integer) ?? NaN) : NaN;
  const fits =
    Number.isFinite(number) &&
    (!spec.integer || Number.isInteger(number)) &&
    (spec.min === undefined || number >= spec.min) &&
    (spec.max === undefined || number <= spec.max);
  return fits ? null : `${flag}: expected ${spec.expected}, got ${JSON.stringify(raw)}`;
}

/**
 * The value typed after the flag's last occurrence (`--seed 7` or `--seed=7`); null
 * when it was typed bare, undefined when it was not typed at all.
 */
export function typedValue(typed: readonly string[], key: string): string | null | undefined {
  const names = [flagOf(key), `--${key}`];
  let found: string | null | undefined;
  for (let i = 0; i < typed.length; i++) {
    const token = typed[i]!;
    if (token === '--') break;
    const name = names.find((n) => token === n || token.startsWith(`${n}=`));
    if (!name) continue;
    if (token.length > name.length) found = token.slice(name.length + 1);
    else {
      const next = typed[i + 1];
      // A negative number is a value; anything else starting with a dash is the next flag.
      found = next !== undefined && !/^-[^\d.]/.test(next) ? next : null;
    }
  }
  return found;
}

/** `reportDir` → `--report-dir` */
function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
