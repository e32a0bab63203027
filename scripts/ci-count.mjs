#!/usr/bin/env node
// Prints `tests: N passed, N failed` summed over vitest JSON reports (one per run: the
// current LTS, the minimum Node); exits non-zero when a test failed, a run counted no
// test, or a report is missing (a crash before any test).
import { existsSync, readFileSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let broken = files.length === 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`ci-count: no test report at ${file}: that test run did not finish`);
    broken = true;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const filePassed = report.numPassedTests ?? 0;
  // A file that fails to load has no test entries; count it as a failure so it shows.
  const failedSuites = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
  ).length;
  const fileFailed = (report.numFailedTests ?? 0) + failedSuites;
  // Worded unlike the closing line, which must stay the only one a reader counts.
  console.log(`ci-count: ${file} has ${filePassed} passing and ${fileFailed} failing`);
  // CI keeps only the end of the output: each failure's name and the start of its
  // message are repeated here, next to the count, so a red run says why where it is read.
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const message = (test.failureMessages ?? []).join('\n').slice(0, 1200);
      console.log(`ci-count: failed: ${test.fullName ?? test.title}\n${indent(message)}`);
    }
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0)
      console.log(`ci-count: failed to load: ${suite.name}\n${indent(suite.message ?? '')}`);
  }
  if (filePassed === 0) broken = true;
  passed += filePassed;
  failed += fileFailed;
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
