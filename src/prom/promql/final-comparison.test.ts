import { describe, expect, it } from 'vitest';
import { comparisonKeeps, describeComparison, stripFinalComparison } from './final-comparison.js';

describe('stripFinalComparison', () => {
  it('splits the published rule into the drop rate and its threshold', () => {
    const expr = 'rate(a{e="d"}[5m]) / rate(b[5m]) * 100 > 0.5';
    expect(stripFinalComparison(expr)).toEqual({
      value: 'rate(a{e="d"}[5m]) / rate(b[5m]) * 100',
      op: '>',
      threshold: 0.5,
      side: 'right',
    });
  });

  it('reads a threshold on the left', () => {
    expect(stripFinalComparison('0.5 < x')).toEqual({
      value: 'x',
      op: '<',
      threshold: 0.5,
      side: 'left',
    });
  });

  it('looks through parentheses and reads every number form', () => {
    expect(stripFinalComparison('((x) <= (1e-3))')).toMatchObject({
      value: '(x)',
      op: '<=',
      threshold: 0.001,
    });
    expect(stripFinalComparison('x >= -Inf')?.threshold).toBe(-Infinity);
    expect(stripFinalComparison('x != 0x10')?.threshold).toBe(16);
    expect(stripFinalComparison('x == -(2)')?.threshold).toBe(-2);
  });

  it('returns null when there is no filtering comparison against a number', () => {
    for (const expr of [
      'x',
      'x > bool 0.5',
      'x > y',
      'x + 1',
      '(x > 1) unless y',
      'sum(x > 1)',
      '1 > bool 0',
    ]) {
      expect(stripFinalComparison(expr), expr).toBeNull();
    }
  });

  it('only strips the outermost comparison', () => {
    expect(stripFinalComparison('(x > 1) > 2')).toMatchObject({ value: '(x > 1)', threshold: 2 });
  });
});

describe('comparisonKeeps', () => {
  it('filters as Prometheus does, whichever side the threshold is on', () => {
    const right = stripFinalComparison('x > 0.5')!;
    expect(comparisonKeeps(right, 0.6)).toBe(true);
    expect(comparisonKeeps(right, 0.5)).toBe(false);
    expect(comparisonKeeps(right, NaN)).toBe(false);
    const left = stripFinalComparison('0.5 > x')!;
    expect(comparisonKeeps(left, 0.4)).toBe(true);
    expect(comparisonKeeps(left, 0.6)).toBe(false);
    expect(describeComparison(left, '0.6')).toBe('0.5 > 0.6');
  });
});
