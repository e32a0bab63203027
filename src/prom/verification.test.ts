import { describe, expect, it } from 'vitest';
import { classifyVerification, instantSamples } from './verification.js';
import type { EvidenceQuery } from './verification.js';
import { stripFinalComparison } from './promql/final-comparison.js';

const time = new Date('2025-01-01T00:00:00Z');
const expr = 'drop_rate * 100 < 0.5';
const comparison = stripFinalComparison(expr)!;

function result(values: number[], query = expr): EvidenceQuery {
  return {
    expr: query,
    time,
    samples: values.map((value, index) => ({
      labels: { instance_id: `i${index}` },
      value,
      time: 1,
    })),
  };
}
const compared = (values: number[]) => result(values, comparison.value);

describe('classifyVerification', () => {
  it('passes when the query returns real samples', () => {
    const verdict = classifyVerification(result([0.1, 0.2]));
    expect(verdict.outcome).toBe('pass');
    expect(verdict.evidence.explanation).toBe(
      'the query returned 2 series: {instance_id="i0"} 0.1, {instance_id="i1"} 0.2',
    );
    expect(verdict.evidence.queries).toHaveLength(1);
  });

  it('never passes on NaN samples', () => {
    const verdict = classifyVerification(result([0.1, NaN]));
    expect(verdict.outcome).toBe('no-data');
    expect(verdict.evidence.explanation).toMatch(/^1 of 2 returned series are NaN/);
  });

  it('fails with the values when the compared value exists but misses the threshold', () => {
    const verdict = classifyVerification(result([]), comparison, compared([0.9, NaN]));
    expect(verdict.outcome).toBe('fail');
    expect(verdict.evidence.comparison).toEqual(comparison);
    expect(verdict.evidence.queries.map((query) => query.expr)).toEqual([expr, 'drop_rate * 100']);
    expect(verdict.evidence.explanation).toBe(
      '1 series of `drop_rate * 100` failed `value < 0.5`: {instance_id="i0"} 0.9',
    );
  });

  it('is no-data when the compared value is empty or only NaN/Inf', () => {
    expect(classifyVerification(result([]), comparison, compared([])).outcome).toBe('no-data');
    expect(classifyVerification(result([]), comparison, compared([NaN, Infinity])).outcome).toBe(
      'no-data',
    );
    expect(classifyVerification(result([]), comparison, compared([])).evidence.explanation).toMatch(
      /returned no series either; there is nothing to compare/,
    );
  });

  it('is no-data when there is no final comparison to strip', () => {
    const verdict = classifyVerification(result([], 'absent(up)'), null);
    expect(verdict.outcome).toBe('no-data');
  });

  it('is an error when either query fails', () => {
    expect(classifyVerification({ expr, time, error: 'unreachable' }).outcome).toBe('error');
    const failed = classifyVerification(result([]), comparison, {
      expr: comparison.value,
      time,
      error: 'boom',
    });
    expect(failed.outcome).toBe('error');
    expect(failed.evidence.explanation).toMatch(/compared value failed: boom/);
  });

  it('notes a value that would pass now, as data moving between the two queries', () => {
    const verdict = classifyVerification(result([]), comparison, compared([0.1]));
    expect(verdict.outcome).toBe('fail');
    expect(verdict.evidence.explanation).toMatch(/would satisfy it now/);
  });
});

describe('instantSamples', () => {
  it('treats a scalar as one unlabelled series and refuses range vectors', () => {
    expect(instantSamples({ resultType: 'scalar', time: 1, value: 2 }, '2')).toEqual([
      { labels: {}, value: 2, time: 1 },
    ]);
    expect(() => instantSamples({ resultType: 'matrix', series: [] }, 'x[5m]')).toThrow(
      /returned a range vector; expected an instant vector or a scalar/,
    );
  });
});
