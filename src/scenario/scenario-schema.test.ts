import { describe, expect, it } from 'vitest';
import { ScenarioError } from './scenario-error.js';
import { validateScenario } from './load-scenario.js';

const valid = {
  name: 'x',
  description: 'a scenario',
  alert: { name: 'A', rules: 'rules/a.yml', threshold: 0.5 },
  load: { rate: 10, duration: '1h', preAllocatedVUs: 10 },
  inject: [{ type: 'nofile', soft: 100 }],
  remediate: [{ type: 'nofile', soft: 65536 }],
  verify: { query: 'vector(1) < 0.5', within: '15m' },
};

function problemsOf(change: Record<string, unknown>): string[] {
  try {
    validateScenario({ ...valid, ...change }, 'x.ts');
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  return [];
}

describe('scenario validation messages', () => {
  it('accepts the valid scenario', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it('refuses bounds and periods of zero or less, saying what was found', () => {
    expect(problemsOf({ verify: { ...valid.verify, within: '0s' } })).toEqual([
      'verify.within: expected a duration above 0 like "5m", got "0s"',
    ]);
    expect(problemsOf({ verify: { ...valid.verify, within: '-5m' } })).toEqual([
      'verify.within: expected a duration like "5m" or "30s", got "-5m"',
    ]);
    expect(problemsOf({ baseline: { duration: '0' } })).toEqual([
      'baseline.duration: expected a duration above 0 like "5m", got "0"',
    ]);
    expect(problemsOf({ alert: { ...valid.alert, threshold: 0 } })).toEqual([
      'alert.threshold: expected a number above 0, got 0',
    ]);
  });

  it('says what was found for patterns and empty action lists', () => {
    expect(problemsOf({ name: 'Fd Exhaustion' })).toEqual([
      'name: expected a lowercase name like "fd-exhaustion", got "Fd Exhaustion"',
    ]);
    expect(problemsOf({ remediate: [] })).toEqual([
      'remediate: expected at least one remediation action, got []',
    ]);
  });
});

describe('stop conditions', () => {
  it('take a name and a query, the query checked as PromQL with its column', () => {
    expect(problemsOf({ stopWhen: [{ name: 'errors', query: 'rate(e[1m]) > 0.1' }] })).toEqual([]);
    expect(problemsOf({ stopWhen: [{ query: 'rate(e[1m]) >' }] })).toEqual([
      'stopWhen[0].query: expected valid PromQL, got a syntax error at column 14: unexpected end of the expression; expected an expression after the operator',
    ]);
    expect(problemsOf({ stopWhen: ['up == 0'] }).length).toBe(1);
  });
});
