// A gate must be able to fail. Two negative controls on real processes: the published
// alert (which can never fire) and a remediation that does nothing; the runs overlap.

import { describe, expect, it } from 'vitest';
import { readJournal, runChaos } from '../helpers/run-chaos.js';

const PUBLISHED = ['--rules', 'rules/tickstorm-published.rules.yml'];
const LABEL_MISMATCH =
  /vector matching on `\/` paired nothing: the left side carries error_type that the right side lacks/;

describe('negative controls (real processes)', { timeout: 1_200_000 }, () => {
  it.concurrent(
    'fails in preflight, in seconds, with the published rule, and explains the label mismatch',
    async () => {
      const run = await runChaos(['run', 'fd-exhaustion', '--profile', 'ci', ...PUBLISHED]);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(run.code).toBe(1);
      expect(drill.outcome).toBe('fail');
      const preflight = drill.steps.find((s) => s.name === 'preflight')!;
      expect(preflight.outcome).toBe('fail');
      expect(preflight.message).toMatch(LABEL_MISMATCH);
      expect(preflight.diagnosis).toMatch(/series vanish here \(vector-matching\)/);
      // Nothing was injected: the drill stopped before the fault.
      expect(drill.steps.map((s) => s.name)).toEqual(['preflight', 'rollback']);
      expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
    },
  );

  it.concurrent(
    'with --no-preflight, fails at the alert step and the failure still carries the explanation',
    async () => {
      const run = await runChaos([
        'run',
        'fd-exhaustion',
        '--profile',
        'ci',
        '--no-preflight',
        ...PUBLISHED,
      ]);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(run.code).toBe(1);
      const expectStep = drill.steps.find((s) => s.name === 'expect')!;
      expect(expectStep.outcome).toBe('fail');
      expect(expectStep.diagnosis).toMatch(/returns no series at all, so it can never fire/);
      expect(expectStep.diagnosis).toMatch(LABEL_MISMATCH);
      expect(drill.steps.map((s) => s.name)).not.toContain('verify');
      expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
    },
  );

  it.concurrent(
    'every drill fails at verification when its remediation does nothing, with the failing values as evidence',
    async () => {
      const drills = ['fd-exhaustion', 'memory-pressure', 'packet-loss', 'syn-backlog'];
      const run = await runChaos([
        'run',
        ...drills.map((d) => `test/fixtures/scenarios/${d}-noop.ts`),
        '--profile',
        'ci',
      ]);
      const journal = readJournal(run.reportRoot);
      expect(run.code).toBe(1);
      expect(journal.drills.map((d) => [d.scenario, d.outcome])).toEqual(
        drills.map((d) => [`${d}-noop`, 'fail']),
      );
      for (const drill of journal.drills) {
        const verify = drill.steps.find((s) => s.name === 'verify')!;
        // `fail`, not `no-data`: the compared value exists and is above the threshold.
        expect(verify.outcome, drill.scenario).toBe('fail');
        expect(drill.remediations[0]!.summary).toMatch(/did nothing/);
        expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
        if (drill.alertBlind) {
          // The server never saw syn-backlog's drops: the clients' rate is the evidence.
          expect(verify.message, drill.scenario).toMatch(/the clients' drop rate was still/);
          continue;
        }
        expect(verify.message, drill.scenario).toMatch(/not recovered within the escalation bound/);
        const values = verify.evidence.flatMap((e) =>
          e.kind === 'query' ? e.result.map((r) => Number(r.value)) : [],
        );
        expect(
          values.some((v) => v >= 0.5),
          drill.scenario,
        ).toBe(true);
      }
    },
  );
});
