import { describe, expect, it } from 'vitest';
import { vectorMatchingProblems } from './vector-matching.js';

const certain = (expr: string) =>
  vectorMatchingProblems(expr).filter((p) => p.certainty === 'certain');

describe('unless that removes everything', () => {
  it('is certain when both sides have no labels and the right reads what the left reads', () => {
    for (const expr of [
      'sum by (x) (sum by () (a{y="1"})) unless ignoring(instance) count(a)',
      'sum by (job, y) (count by (instance) (rate(b[1m]))) unless sum by () (rate(b[1m]))',
      'max(rate(b{y="1"}[1m])) unless on() sum without (x) (rate(b[1m]))',
    ]) {
      const [problem, ...rest] = certain(expr);
      expect(rest, expr).toEqual([]);
      expect(problem?.operator, expr).toBe('unless');
      expect(problem?.explanation, expr).toMatch(/has a value whenever the left side does/);
    }
  });

  it('says nothing when the right side may be empty while the left is not', () => {
    for (const expr of [
      // Another metric, a narrower right side, another window or function (a raw
      // sample outlives a stale series' rate, and rate needs two samples).
      'sum(a) unless sum(b)',
      'sum(a) unless sum(a{x="1"})',
      'sum(rate(a[1m])) unless sum(rate(a[5m]))',
      'sum(a{y="1"}) unless max(rate(a[1m]))',
      'sum(rate(a[1m])) unless sum(a)',
      // Labels left to match on, or an aggregation that can return nothing.
      'sum by (x) (a) unless sum(a)',
      'sum(a) unless topk(0, a)',
      'sum(a offset 5m) unless sum(a)',
    ])
      expect(certain(expr), expr).toEqual([]);
  });
});
