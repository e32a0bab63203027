import { describe, expect, it } from 'vitest';
import { checkForDuration, checkRateWindows } from './check-windows.js';
import { verbatimLocator } from './extracted.js';
import type { ExtractedExpr } from './extracted.js';

const extracted = (expr: string, forDuration?: string): ExtractedExpr => ({
  file: 'r.yml',
  expr,
  context: 'alert A',
  locate: verbatimLocator(expr, 5, 15),
  rule: {
    kind: 'alert',
    name: 'A',
    group: 'g',
    index: 1,
    ...(forDuration ? { for: forDuration } : {}),
  },
});

describe('checkRateWindows', () => {
  it('warns under four scrape intervals and errs under two, with the widened window', () => {
    const findings = checkRateWindows(
      extracted('rate(a[30s]) + increase(b[20s]) + rate(c[1m]) + avg_over_time(d[10s])'),
      15_000,
    );
    expect(
      findings.map(({ severity, column, suggestions }) => ({ severity, column, suggestions })),
    ).toEqual([
      {
        severity: 'warning',
        column: 22,
        suggestions: ['rate(a[1m]) + increase(b[20s]) + rate(c[1m]) + avg_over_time(d[10s])'],
      },
      {
        severity: 'error',
        column: 41,
        suggestions: ['rate(a[30s]) + increase(b[1m]) + rate(c[1m]) + avg_over_time(d[10s])'],
      },
    ]);
    expect(findings[0]!.message).toBe(
      'rate() over [30s] spans 2 scrape intervals of 15s; expected at least four (1m) so that one missed scrape still leaves two samples, else it returns nothing',
    );
  });

  it('accepts drill-scale windows at a drill scrape interval', () => {
    expect(checkRateWindows(extracted('rate(a[30s])'), 1_000)).toEqual([]);
  });
});

describe('checkForDuration', () => {
  it('flags a for longer than the escalation time, not an equal one', () => {
    const at = { line: 7, column: 14 };
    expect(checkForDuration(extracted('up', '20m'), 15 * 60_000, at)).toMatchObject({
      check: 'for-exceeds-escalation',
      line: 7,
      column: 14,
    });
    expect(checkForDuration(extracted('up', '15m'), 15 * 60_000, at)).toBeNull();
    expect(checkForDuration(extracted('up'), 15 * 60_000, at)).toBeNull();
  });
});
