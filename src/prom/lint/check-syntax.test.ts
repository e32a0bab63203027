import { describe, expect, it } from 'vitest';
import { checkSyntax } from './check-syntax.js';
import { verbatimLocator } from './extracted.js';

const check = (expr: string) =>
  checkSyntax({
    file: 'f.md',
    expr,
    context: 'promql block',
    locate: verbatimLocator(expr, 10, 1),
  });

describe('checkSyntax', () => {
  it('passes valid PromQL', () => {
    expect(check('sum by (error_type) (rate(x[5m]))')).toBeNull();
  });

  it("names the runbook's `by` outside an aggregation and writes the fix", () => {
    const finding = check('rate(tick_storm_connection_errors_total[5m]) by (error_type)');
    expect(finding).toMatchObject({
      check: 'by-outside-aggregation',
      severity: 'error',
      line: 10,
      column: 46,
      suggestions: ['sum by (error_type) (rate(tick_storm_connection_errors_total[5m]))'],
    });
    expect(finding!.message).toContain(
      '`by (error_type)` follows `rate(tick_storm_connection_errors_total[5m])`',
    );
  });

  it('keeps what surrounds the misplaced grouping, and handles without and several labels', () => {
    expect(check('rate(x[5m]) without (a, b) > 1')?.suggestions).toEqual([
      'sum without (a, b) (rate(x[5m])) > 1',
    ]);
  });

  it('reports other errors with the expression position and a reason', () => {
    const finding = check('sum(rate(x[5m])\n');
    expect(finding).toMatchObject({ check: 'syntax', line: 10, column: 16 });
    expect(finding!.message).toMatch(
      /line 2, column 1 of the expression: unexpected end of the expression/,
    );
    expect(finding!.suggestions).toBeUndefined();
  });
});
