// The product's spine, for real: `chaos run fd-exhaustion --profile ci` on a stack the
// framework starts itself (reference target, toxiproxy-server, prometheus).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isAlive,
  ledgerFiles,
  readJournal,
  runChaos,
  runFolder,
  stackPids,
} from '../helpers/run-chaos.js';

describe('chaos run fd-exhaustion --profile ci (real processes)', { timeout: 300_000 }, () => {
  it('passes: the alert fires, the remediation works, verification passes for a real reason, all rolled back', async () => {
    const run = await runChaos(['run', 'fd-exhaustion', '--profile', 'ci']);
    const journal = readJournal(run.reportRoot);
    const drill = journal.drills[0]!;
    expect(drill.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['preflight', 'pass'],
      ['baseline', 'pass'],
      ['inject', 'pass'],
      ['expect', 'pass'],
      ['remediate', 'pass'],
      ['verify', 'pass'],
      ['rollback', 'pass'],
    ]);
    expect(run.code).toBe(0);
    expect(journal.outcome).toBe('pass');
    // Every marker of the timeline was seen, in order.
    const order = [
      'faultApplied',
      'alertPending',
      'alertFiring',
      'remediationApplied',
      'verificationPassed',
      'alertResolved',
    ] as const;
    const times = order.map((m) => Date.parse(drill.markers[m]!));
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The verification passed on a real sample below the threshold, not an empty result.
    const verify = drill.steps.find((s) => s.name === 'verify')!;
    const sample = verify.evidence.find((e) => e.kind === 'query' && e.result.length > 0);
    expect(sample && sample.kind === 'query' && Number(sample.result[0]!.value)).toBeLessThan(0.5);
    // The remediation says which limit it used (the hard limit caps 65,536 here).
    expect(drill.remediations[0]!.how).toMatch(/prlimit --pid \d+ --nofile=\d+:\d+/);
    // Rollback: the fault and the remediation undone, every child ended, no ledger left.
    expect(drill.rollback.filter((r) => r.kind === 'nofile').map((r) => r.outcome)).toEqual([
      'reverted',
      'reverted',
    ]);
    for (const pid of stackPids(journal)) expect(isAlive(pid)).toBe(false);
    expect(ledgerFiles(run.stateDir)).toEqual([]);
    // Reports a CI job and a person read.
    const folder = runFolder(run.reportRoot);
    expect(readFileSync(join(folder, 'junit.xml'), 'utf8')).toMatch(
      /<testsuite name="fd-exhaustion" tests="7" failures="0" errors="0" skipped="0"/,
    );
    expect(readFileSync(join(folder, 'summary.md'), 'utf8')).toMatch(/# Resilience drills: PASS/);
    expect(readFileSync(join(folder, 'fd-exhaustion', 'rules.yml'), 'utf8')).toMatch(/\[30s\]/);
  });
});
