import { describe, expect, it } from 'vitest';
import { findSyntaxError, parsePromQL, PromQLSyntaxError } from './parse.js';
import { vectorMatchingProblems } from './vector-matching.js';

describe('findSyntaxError', () => {
  it('accepts valid PromQL, comments included', () => {
    for (const expr of [
      'up',
      'sum by (instance_id) (rate(x{a="b"}[5m])) / on (instance_id) group_left y > 0.5',
      'rate(x[5m:30s] offset 1h @ 100)',
      'x > 1 # trailing comment',
      'sum(x) by (a)',
    ]) {
      expect(findSyntaxError(expr), expr).toBeNull();
    }
  });

  it('names `by` outside an aggregation, with its column', () => {
    const problem = findSyntaxError('rate(tick_storm_connection_errors_total[5m]) by (error_type)');
    expect(problem).toMatchObject({ line: 1, column: 46, offset: 45 });
    expect(problem?.reason).toMatch(/unexpected "by".*belongs to an aggregation/);
  });

  it('reports line and column on multi-line expressions', () => {
    const problem = findSyntaxError('sum(\n  rate(x[5m])\n  foo\n)');
    expect(problem).toMatchObject({ line: 3, column: 3 });
    expect(problem?.reason).toContain('unexpected "foo"');
  });

  it.each([
    ['x[5m', /end of the expression; expected a duration like 5m and "]"/],
    ['sum(rate(x[5m])', /end of the expression; expected an expression or "\)"/],
    ['x +', /end of the expression; expected an expression after the operator/],
    ['foo{a="b}', /unterminated string starting with "b}/],
    ['x{a=}', /unexpected "}"; expected a quoted label value/],
    ['', /empty/],
    ['# only a comment', /empty/],
    ['x == == y', /unexpected "=="/],
  ])('gives a short reason for %j', (expr, reason) => {
    expect(findSyntaxError(expr)?.reason).toMatch(reason);
  });
});

describe('parsePromQL', () => {
  it('returns the expression node under the top node', () => {
    const parsed = parsePromQL('  (up)  ');
    expect(parsed.root.name).toBe('ParenExpr');
  });

  it('throws PromQLSyntaxError carrying the position', () => {
    try {
      parsePromQL('rate(x[5m]) by (a)');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PromQLSyntaxError);
      expect((error as PromQLSyntaxError).problem.column).toBe(13);
      expect((error as Error).message).toMatch(/line 1, column 13: unexpected "by"/);
    }
  });
});

describe('long chains, as Prometheus accepts them', () => {
  // lezer cuts a left-associative chain after a few hundred large reductions and marks an
  // error there; Prometheus (and promtool) accept such chains, so the parser must too.
  const chain = (n: number, op: string, operand: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => operand(i)).join(` ${op} `);

  it('reads 2,000 operands of +, or and - as one expression, and analyses them', () => {
    for (const op of ['+', 'or', '-']) {
      const expr = chain(2000, op, (i) => `rate(m${i}{job="j"}[5m])`);
      expect(findSyntaxError(expr), op).toBeNull();
    }
    const dead = `sum by (job) (rate(a[5m])) / (${chain(2000, '+', (i) => `rate(m${i}[5m])`)})`;
    expect(vectorMatchingProblems(dead).map((p) => p.certainty)).toEqual(['certain']);
  });

  it('still finds the error at the end of a long chain', () => {
    const expr = `${chain(1000, '+', (i) => `m${i}`)} +`;
    expect(findSyntaxError(expr)).toMatchObject({
      offset: expr.length,
      reason: 'unexpected end of the expression; expected an expression after the operator',
    });
  });
});
