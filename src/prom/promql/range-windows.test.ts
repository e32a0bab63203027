import { describe, expect, it } from 'vitest';
import { largestRangeWindowMs, rangeWindows } from './range-windows.js';

describe('rangeWindows', () => {
  it('lists range selectors and subqueries with their functions', () => {
    const windows = rangeWindows('rate(a[5m] offset 1h) / max_over_time(rate(b[1m])[1h:30s]) + c');
    expect(
      windows.map(({ kind, duration, ms, functionName, resolutionMs }) => ({
        kind,
        duration,
        ms,
        functionName,
        resolutionMs,
      })),
    ).toEqual([
      { kind: 'range', duration: '5m', ms: 300_000, functionName: 'rate', resolutionMs: undefined },
      {
        kind: 'subquery',
        duration: '1h',
        ms: 3_600_000,
        functionName: 'max_over_time',
        resolutionMs: 30_000,
      },
      { kind: 'range', duration: '1m', ms: 60_000, functionName: 'rate', resolutionMs: undefined },
    ]);
  });

  it('finds the function through @ and offset modifiers', () => {
    expect(rangeWindows('increase(x[2m] @ end() offset 1m)')[0]?.functionName).toBe('increase');
  });
});

describe('largestRangeWindowMs', () => {
  it('is the widest window, or null without any', () => {
    expect(largestRangeWindowMs('rate(a[5m]) / rate(b[10m])')).toBe(600_000);
    expect(largestRangeWindowMs('up > 0')).toBeNull();
  });
});
