// `npm run bench:drill [-- <scenario...>] [--runs N] [--provider docker]`: each ci-profile drill's wall
// time against its theoretical minimum (baseline + `for` + one evaluation + one window
// for the rate to decay), with where the time went; then the whole suite as one
// `chaos run` with the drills at once (the machine's default --parallel), against the
// same drills run one after another and against the longest of them. Runs the real CLI.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chaosBin } from '../src/paths.js';
import type { DrillResult, RunResult } from '../src/result/run-result.js';
import { listScenarioFiles } from '../src/scenario/scenario-files.js';

const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 1;
const providerFlag = args.indexOf('--provider');
const provider = providerFlag >= 0 ? args[providerFlag + 1]! : 'local';
// A flag's value is not a scenario name; an absent flag (-1) takes no argument with it.
const flagValues = new Set([runsFlag, providerFlag].filter((i) => i >= 0).map((i) => i + 1));
const named = args.filter((a, i) => !a.startsWith('--') && !flagValues.has(i));
const scenarios =
  named.length > 0
    ? named
    : listScenarioFiles().map((f) => f.replace(/^.*\//, '').replace(/\.ts$/, ''));

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const stepMs = (drill: DrillResult, name: string) =>
  drill.steps.find((st) => st.name === name)?.durationMs ?? 0;

console.log(
  `bench:drill: ${scenarios.join(', ')} × ${runs} at the ci profile, --provider ${provider}; load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  'drill'.padEnd(18),
  'wall'.padStart(8),
  'minimum'.padStart(8),
  'ratio'.padStart(6),
  'setup'.padStart(7),
  'baseline'.padStart(9),
  'to fire'.padStart(8),
  'recover'.padStart(8),
  'rollback'.padStart(9),
  ' outcome',
);
const ratios: number[] = [];
let suiteMs = 0;
/** One real `chaos run` of these drills: its result and wall time, or null with why. */
function chaosRun(names: string[]): { result: RunResult; wallMs: number; stderr: string } | null {
  const reportDir = mkdtempSync(join(tmpdir(), 'bench-drill-'));
  const started = Date.now();
  const child = spawnSync(
    process.execPath,
    [
      chaosBin,
      'run',
      ...names,
      '--provider',
      provider,
      '--profile',
      'ci',
      '--json',
      '--report-dir',
      reportDir,
      '--plain',
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CHAOS_STATE_DIR: mkdtempSync(join(tmpdir(), 'bench-state-')) },
    },
  );
  const wallMs = Date.now() - started;
  try {
    return { result: JSON.parse(child.stdout) as RunResult, wallMs, stderr: child.stderr };
  } catch {
    console.log(
      `${names.join(', ')}: chaos exited ${child.status} without a result; stderr tail:\n${child.stderr.slice(-1500)}`,
    );
    return null;
  }
}

const suiteLines: string[] = [];
for (let run = 0; run < runs; run++) {
  const walls: number[] = [];
  const verdicts: string[] = [];
  for (const scenario of scenarios) {
    const single = chaosRun([scenario]);
    if (!single) continue;
    const { result } = single;
    walls.push(single.wallMs);
    verdicts.push(...result.drills.map((d) => `${d.scenario} ${d.outcome}`));
    for (const drill of result.drills) {
      const first = drill.steps[0];
      const setup = first ? Date.parse(first.startedAt) - Date.parse(drill.startedAt) : 0;
      const ratio = drill.durationMs / drill.plan.theoreticalMinimumMs;
      ratios.push(ratio);
      suiteMs += drill.durationMs;
      console.log(
        drill.scenario.padEnd(18),
        s(drill.durationMs).padStart(8),
        s(drill.plan.theoreticalMinimumMs).padStart(8),
        ratio.toFixed(2).padStart(6),
        s(setup).padStart(7),
        s(stepMs(drill, 'baseline')).padStart(9),
        s(stepMs(drill, 'expect')).padStart(8),
        s(stepMs(drill, 'verify')).padStart(8),
        s(stepMs(drill, 'rollback')).padStart(9),
        ` ${drill.outcome}`,
      );
    }
  }
  if (scenarios.length < 2 || walls.length < scenarios.length) continue;
  const suite = chaosRun(scenarios);
  if (!suite) continue;
  const parallel = /^chaos: (\d+) drill\(s\) at once/m.exec(suite.stderr)?.[1] ?? '?';
  const sequential = walls.reduce((sum, ms) => sum + ms, 0);
  const longest = Math.max(...walls);
  const same =
    suite.result.drills.map((d) => `${d.scenario} ${d.outcome}`).join(', ') === verdicts.join(', ');
  suiteLines.push(
    `suite run ${run + 1}: one after another ${s(sequential)} (${(sequential / longest).toFixed(2)}× the longest drill, ${s(longest)}); at once (--parallel ${parallel}) ${s(suite.wallMs)} (${(suite.wallMs / longest).toFixed(2)}×, goal ≤ 1.5); verdicts ${same ? 'the same' : `DIFFER: ${suite.result.drills.map((d) => `${d.scenario} ${d.outcome}`).join(', ')}`}`,
  );
}
for (const line of suiteLines) console.log(line);
if (ratios.length > 0) {
  console.log(
    `worst ratio ${Math.max(...ratios).toFixed(2)} (goal ≤ 1.25); all drills ${s(suiteMs / runs)} per suite run; load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}
