// The soak's judge, on hand-made journals (pure logic): a drill counts as a failure
// whenever it ends other than the gate expects, with the deciding step as its cause.
// (Here rather than beside bench/soak/judge.ts because vitest collects src/ and test/.)

import { describe, expect, it } from 'vitest';
import { judge } from '../../bench/soak/judge.js';
import { EVERY_STEP_PASSING } from '../helpers/every-step-passing.js';
import type { DrillResult, StepResult } from '../../src/result/run-result.js';

type Outcome = StepResult['outcome'];

function drill(steps: [StepResult['name'], Outcome, string?, string?][], extra = {}) {
  const order: Outcome[] = ['pass', 'no-data', 'fail', 'error'];
  const outcome = steps
    .map(([, o]) => o)
    .reduce((worst, o) => (order.indexOf(o) > order.indexOf(worst) ? o : worst), 'pass');
  return {
    scenario: 'fd-exhaustion',
    outcome,
    message: 'whole-drill message',
    durationMs: 1000,
    steps: steps.map(([name, o, message, diagnosis]) => ({
      name,
      outcome: o,
      message: message ?? `${name} ${o}`,
      ...(diagnosis ? { diagnosis } : {}),
    })),
    ...extra,
  } as unknown as DrillResult;
}

const PASSING: [StepResult['name'], Outcome][] = EVERY_STEP_PASSING;
const withStep = (
  name: StepResult['name'],
  outcome: Outcome,
  message?: string,
  diagnosis?: string,
) =>
  PASSING.map(([n, o]) => (n === name ? ([n, outcome, message, diagnosis] as const) : [n, o])) as [
    StepResult['name'],
    Outcome,
    string?,
    string?,
  ][];

describe('soak judge', () => {
  it('a passing drill expected to pass is no failure', () => {
    expect(judge(drill(PASSING), 'pass')).toMatchObject({ differs: null, cause: null });
  });

  it('a drill expected to pass that fails is a failure whose cause is the deciding step', () => {
    const verdict = judge(
      drill(withStep('expect', 'fail', 'alert was pending,\nnot firing', 'rate too low')),
      'pass',
    );
    expect(verdict.differs).toBe('fail, expected pass');
    expect(verdict.cause).toBe(
      'expect fail: alert was pending, | not firing — diagnosis: rate too low',
    );
  });

  it('a no-op control must fail at verify, and only there', () => {
    expect(judge(drill(withStep('verify', 'fail')), 'fail-at-verify').differs).toBeNull();
    expect(judge(drill(PASSING), 'fail-at-verify').differs).toMatch(
      /verify pass, expected verify fail/,
    );
    expect(judge(drill(withStep('verify', 'no-data')), 'fail-at-verify').differs).toMatch(
      /verify no-data/,
    );
    const early = drill([
      ['preflight', 'pass'],
      ['baseline', 'fail'],
      ['rollback', 'pass'],
    ]);
    expect(judge(early, 'fail-at-verify').differs).toMatch(/verify never ran/);
  });

  it('a no-op control of a cause the alert cannot see fails both the alert step, blind, and verify', () => {
    const both = withStep('expect', 'fail').map(([n, o]) =>
      n === 'verify' ? [n, 'fail'] : [n, o],
    );
    const steps = both as [StepResult['name'], Outcome][];
    expect(judge(drill(steps, { alertBlind: true }), 'fail-at-verify').differs).toBeNull();
    expect(judge(drill(steps), 'fail-at-verify').differs).toBe(
      'verify failed, but so did expect fail',
    );
  });

  it('syn-backlog must fail as alert-blind with everything else passing', () => {
    const blind = drill(withStep('expect', 'fail'), { alertBlind: true });
    expect(judge(blind, 'alert-blind').differs).toBeNull();
    expect(judge(drill(withStep('expect', 'fail')), 'alert-blind').differs).toMatch(
      /expected a fail with alertBlind/,
    );
    const verifyFailed = drill(
      withStep('expect', 'fail').map(([n, o]) => (n === 'verify' ? [n, 'fail'] : [n, o])) as [
        StepResult['name'],
        Outcome,
      ][],
      { alertBlind: true },
    );
    expect(judge(verifyFailed, 'alert-blind').differs).toBe('alert blind, but verify fail');
  });

  it('an incomplete rollback is a failure whatever the outcome', () => {
    expect(judge(drill(withStep('rollback', 'error')), 'pass').differs).toBe('rollback error');
  });

  it('the published rule must stop at preflight', () => {
    const stopped = drill([
      ['preflight', 'fail'],
      ['rollback', 'pass'],
    ]);
    expect(judge(stopped, 'fail-at-preflight').differs).toBeNull();
    expect(judge(drill(PASSING), 'fail-at-preflight').differs).toMatch(/expected a preflight fail/);
  });

  it('a drill against the published server must fail at baseline, with nothing else failing', () => {
    const atBaseline = drill([
      ['preflight', 'pass'],
      ['baseline', 'fail'],
      ['rollback', 'pass'],
    ]);
    expect(judge(atBaseline, 'fail-at-baseline').differs).toBeNull();
    expect(judge(drill(EVERY_STEP_PASSING), 'fail-at-baseline').differs).toMatch(
      /expected a baseline fail$/,
    );
  });
});
