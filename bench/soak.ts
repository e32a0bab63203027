// `npm run soak -- --runs N [--parallel P]`: the ci suite N times, as real `chaos`
// processes (every drill, every no-op negative control, the published rule; the drills of
// a suite at once, as many as the machine's default or P allow, P = 1 in turn), and per
// run and in total:
// drills as expected, failures (an outcome other than the gate expects, or anything
// left behind) and each failure's cause (the deciding step's message and diagnosis).
// Everything a run wrote stays under reports/soak-<stamp>/ for a look at a failure.
// With --hostile, each run also has its live page on and a hostile neighbour fuzzing every
// server the drills say they listen on (bench/soak/hostile-beside.ts); the drills must
// still end as expected, and no request may get a 5xx.

import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/paths.js';
import { hostileSummary, type HostileReport } from '../test/helpers/hostile-neighbour.js';
import { EXPECTATION_TEXT, judge, type Verdict } from './soak/judge.js';
import { ciSuites, runSuite } from './soak/suites.js';

interface Failure {
  run: number;
  what: string;
  cause: string;
}

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`soak: --runs expects a whole number of runs ≥ 1, got "${args[runsAt + 1]}"`);
  process.exit(2);
}

const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const root = join(projectRoot, 'reports', `soak-${stamp}`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
const parallelAt = args.indexOf('--parallel');
const parallel = parallelAt >= 0 ? Number(args[parallelAt + 1]) : undefined;
if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1)) {
  console.error(`soak: --parallel expects a whole number ≥ 1, got "${args[parallelAt + 1]}"`);
  process.exit(2);
}
const suites = ciSuites(parallel);
const hostile = args.includes('--hostile');
const hostileReports: HostileReport[] = [];

console.log(
  `soak: the ci suite × ${runs} (${suites.map((s) => s.name).join('; ')})${hostile ? ', with a hostile neighbour beside every run' : ''}; reports in ${root}`,
);
const failures: Failure[] = [];
const verdicts: Verdict[] = [];
const runTimes: number[] = [];
for (let run = 1; run <= runs; run++) {
  const began = Date.now();
  const loadBefore = load();
  const runFailures: Failure[] = [];
  const runVerdicts: Verdict[] = [];
  for (const [index, suite] of suites.entries()) {
    const dir = join(root, `run-${run}`, `${index + 1}`);
    mkdirSync(dir, { recursive: true });
    const suiteBegan = Date.now();
    const result = await runSuite(suite, dir, hostile ? run * 100 + index : undefined);
    console.log(
      `  run ${run} · ${suite.name}: chaos exited ${result.code} after ${minutes(Date.now() - suiteBegan)}`,
    );
    const fail = (what: string, cause: string) => runFailures.push({ run, what, cause });
    if (result.hostile) {
      hostileReports.push(result.hostile);
      console.log(`  run ${run} · ${suite.name}: ${hostileSummary(result.hostile)}`);
      if (result.hostile.serverErrors > 0)
        fail(suite.name, `${result.hostile.serverErrors} hostile request(s) got a 5xx answer`);
    }
    for (const problem of result.problems) fail(suite.name, problem);
    const seen = new Set<string>();
    for (const drill of result.journal?.drills ?? []) {
      seen.add(drill.scenario);
      const expected = suite.expect[drill.scenario];
      if (!expected) {
        fail(drill.scenario, `no expectation for this drill (add it to bench/soak/suites.ts)`);
        continue;
      }
      const verdict = judge(drill, expected);
      runVerdicts.push(verdict);
      console.log(
        `  run ${run} ${drill.scenario.padEnd(22)} ${drill.outcome.padEnd(7)} ${(drill.durationMs / 1000).toFixed(0).padStart(4)} s  ${verdict.differs ? `FAILURE: ${verdict.differs}` : `as expected (${EXPECTATION_TEXT[expected]})`}`,
      );
      if (verdict.differs)
        fail(drill.scenario, `${verdict.differs}; cause: ${verdict.cause ?? drill.message}`);
    }
    for (const missing of Object.keys(suite.expect).filter((d) => !seen.has(d)))
      fail(missing, `did not run (see ${result.log})`);
    const shouldExit = Object.values(suite.expect).every((e) => e === 'pass') ? 0 : 1;
    if (result.journal && result.code !== shouldExit)
      fail(suite.name, `chaos exited ${result.code}, expected ${shouldExit}`);
  }
  const tookMs = Date.now() - began;
  runTimes.push(tookMs);
  failures.push(...runFailures);
  verdicts.push(...runVerdicts);
  console.log(
    `run ${run}/${runs}: ${runVerdicts.length} drills judged, ${runVerdicts.filter((v) => !v.differs).length} as expected, ${runFailures.length} failure(s) in ${minutes(tookMs)}; load average ${loadBefore} → ${load()}`,
  );
  for (const failure of runFailures) console.log(`  FAILURE ${failure.what}: ${failure.cause}`);
}

const judged = verdicts.length;
const ok = verdicts.filter((v) => !v.differs).length;
console.log(
  `soak total: ${runs} run(s), ${judged} drills judged, ${ok} as expected, ${failures.length} failure(s); ${minutes(runTimes.reduce((a, b) => a + b, 0))} in all`,
);
const byDrill = new Map<string, number>();
for (const failure of failures) byDrill.set(failure.what, (byDrill.get(failure.what) ?? 0) + 1);
for (const [what, count] of byDrill) console.log(`  ${what}: ${count} failure(s)`);
if (hostile) {
  const sent = hostileReports.reduce((sum, r) => sum + r.sent, 0);
  const serverErrors = hostileReports.reduce((sum, r) => sum + r.serverErrors, 0);
  const otherwise = verdicts.filter((v) => v.differs).length;
  console.log(
    `soak hostile neighbour: ${sent} hostile request(s) sent to ${hostileReports.reduce((sum, r) => sum + r.targets.length, 0)} server(s), ${serverErrors} answered 5xx; ${otherwise === 0 ? "no drill's verdict changed" : `${otherwise} drill(s) did not end as expected with it beside them (see the failures)`}`,
  );
}
for (const failure of failures)
  console.log(`  run ${failure.run} ${failure.what}: ${failure.cause}`);
writeFileSync(
  join(root, 'soak.json'),
  `${JSON.stringify({ runs, verdicts, failures, runTimesMs: runTimes, ...(hostile ? { hostile: hostileReports } : {}) }, null, 2)}\n`,
);
process.exit(failures.length === 0 ? 0 : 1);
