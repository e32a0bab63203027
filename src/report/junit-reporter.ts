// junit.xml: a testsuite per drill, a testcase per check; fail and no-data are
// failures (no-data is never a pass), error is an error, checks not reached are skipped;
// a check the user's stop cut short is an error typed ABORTED, the stop said in the suite.

import type { DrillResult, RunResult } from '../result/run-result.js';
import {
  clientSessionsLine,
  dropReasons,
  drillSteps,
  pageChecksOf,
  evidenceLines,
  OUTCOME_LABEL,
  abortLines,
  outcomeLabel,
} from './format.js';

const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function suite(drill: DrillResult): {
  text: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
} {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const name of drillSteps(drill)) {
    const step = drill.steps.find((s) => s.name === name);
    const checks = step ? pageChecksOf(drill, name) : [];
    if (checks.length > 0) {
      // One testcase per delivery check: a CI view shows which part of the page failed.
      for (const check of checks) {
        const failed = check.outcome === 'fail' || check.outcome === 'no-data';
        if (failed) failures += 1;
        if (check.outcome === 'error') errors += 1;
        const body = failed
          ? `      <failure type="${OUTCOME_LABEL[check.outcome]}" message="${xml(check.message)}">${xml(check.message)}</failure>\n`
          : check.outcome === 'error'
            ? `      <error type="ERROR" message="${xml(check.message)}">${xml(check.message)}</error>\n`
            : `      <system-out>${xml(check.message)}</system-out>\n`;
        cases.push(
          `    <testcase classname="${xml(drill.scenario)}" name="${xml(`${name}: ${check.name}`)}" time="0">\n${body}    </testcase>`,
        );
      }
      continue;
    }
    if (!step) {
      skipped += 1;
      cases.push(
        `    <testcase classname="${xml(drill.scenario)}" name="${name}" time="0">\n      <skipped message="not run: an earlier check did not pass"/>\n    </testcase>`,
      );
      continue;
    }
    const details = [
      step.message,
      ...(step.diagnosis ? [`diagnosis: ${step.diagnosis}`] : []),
      ...step.evidence.flatMap(evidenceLines),
    ].join('\n');
    let body = '';
    if (step.outcome === 'fail' || step.outcome === 'no-data') {
      failures += 1;
      body = `      <failure type="${OUTCOME_LABEL[step.outcome]}" message="${xml(step.message)}">${xml(details)}</failure>\n`;
    } else if (step.outcome === 'error') {
      errors += 1;
      body = `      <error type="${outcomeLabel(step)}" message="${xml(step.message)}">${xml(details)}</error>\n`;
    } else {
      body = `      <system-out>${xml(details)}</system-out>\n`;
    }
    cases.push(
      `    <testcase classname="${xml(drill.scenario)}" name="${xml(`${name}: ${step.title}`)}" time="${seconds(step.durationMs)}">\n${body}    </testcase>`,
    );
  }
  const tests = cases.length;
  // Why it stopped early and what the clients saw belong to the whole drill, not one check.
  const drillLines = [
    ...(drill.aborted ? abortLines(drill.aborted) : []),
    ...(drill.clientSessions
      ? [
          clientSessionsLine(drill.clientSessions),
          ...dropReasons(drill.clientSessions).map(([r, n, e]) => `  ${r} ${n}: e.g. ${e}`),
        ]
      : []),
  ];
  const clients =
    drillLines.length > 0 ? `\n    <system-out>${xml(drillLines.join('\n'))}</system-out>` : '';
  const text = `  <testsuite name="${xml(drill.scenario)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(drill.durationMs)}" timestamp="${drill.startedAt}">\n${cases.join('\n')}${clients}\n  </testsuite>`;
  return { text, tests, failures, errors, skipped };
}

export function renderJUnit(run: RunResult): string {
  const suites = run.drills.map(suite);
  const sum = (key: 'tests' | 'failures' | 'errors' | 'skipped') =>
    suites.reduce((n, s) => n + s[key], 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="tickstorm-chaos ${xml(run.runId)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" skipped="${sum('skipped')}" time="${seconds(run.durationMs)}">\n` +
    `${suites.map((s) => s.text).join('\n')}\n</testsuites>\n`
  );
}
