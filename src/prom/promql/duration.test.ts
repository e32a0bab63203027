import { describe, expect, it } from 'vitest';
import {
  DurationError,
  formatDuration,
  isDuration,
  parseDuration,
  scaleDuration,
  scaleDurationText,
} from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['5m', 300_000],
    ['30s', 30_000],
    ['250ms', 250],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
    ['1y', 31_536_000_000],
    ['1h1m1s1ms', 3_661_001],
    ['0', 0],
    ['0s', 0],
    ['90s', 90_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'five', '5', '1.5m', '5M', '30s5m', '5m5m', '-5m', '5 m', '5mm', 'm'])(
    'rejects %j with a message that shows the expected form',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      expect(() => parseDuration(text)).toThrow(/expected a duration like "5m"/);
    },
  );

  it('tells durations from other text', () => {
    expect(isDuration('15m')).toBe(true);
    expect(isDuration('15 minutes')).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [300_000, '5m'],
    [30_000, '30s'],
    [90_000, '90s'],
    [5_400_000, '90m'],
    [3_600_000, '1h'],
    [3_661_001, '1h61s1ms'], // shorter than 1h1m1s1ms, and exact
    [1, '1ms'],
    [1_500, '1500ms'],
    [0, '0s'],
    [604_800_000, '1w'],
    [90_000_000, '25h'],
    [31_536_000_000, '1y'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1_001, 61_000, 3_599_999, 86_400_001, 123_456_789]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });

  it('refuses fractions and negatives', () => {
    expect(() => formatDuration(1.5)).toThrow(DurationError);
    expect(() => formatDuration(-1)).toThrow(DurationError);
  });
});

describe('scaleDuration', () => {
  it('compresses runbook durations for a CI drill', () => {
    expect(scaleDurationText('5m', 0.1)).toBe('30s');
    expect(scaleDurationText('15m', 0.1)).toBe('90s');
    expect(scaleDurationText('30s', 0.1)).toBe('3s');
    expect(scaleDurationText('1h30m', 0.5)).toBe('45m');
    expect(scaleDurationText('5m', 1)).toBe('5m');
    expect(scaleDurationText('30s', 2)).toBe('1m');
  });

  it('rounds to the nearest millisecond, halves up, never below 1 ms', () => {
    expect(scaleDuration(5, 0.1)).toBe(1); // 0.5 ms
    expect(scaleDuration(1, 0.001)).toBe(1);
    expect(scaleDuration(15, 0.1)).toBe(2); // 1.5 ms
    expect(scaleDuration(1_000, 1 / 3)).toBe(333);
    expect(scaleDuration(0, 0.1)).toBe(0);
  });

  it('refuses factors that are not positive numbers', () => {
    for (const factor of [0, -1, NaN, Infinity]) {
      expect(() => scaleDuration(1_000, factor)).toThrow(/time-scale factor above 0/);
    }
  });
});
