import { describe, expect, it } from 'vitest';
import { formatBytes, formatGoDuration, parseGoBytes, parseGoDuration } from './go-units.js';

describe('parseGoDuration', () => {
  it('reads the spellings of the runbook and of time.ParseDuration', () => {
    expect(parseGoDuration('300s')).toBe(300_000);
    expect(parseGoDuration('1m')).toBe(60_000);
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('1500us')).toBe(1.5);
  });

  it('refuses what Go refuses', () => {
    for (const bad of ['', '300', 's', '-1s', '1 m', '1d', 'abc', '1m30']) {
      expect(parseGoDuration(bad), bad).toBeNull();
    }
  });
});

describe('parseGoBytes', () => {
  it('reads GOMEMLIMIT values', () => {
    expect(parseGoBytes('1GiB')).toBe(2 ** 30);
    expect(parseGoBytes('512MiB')).toBe(512 * 2 ** 20);
    expect(parseGoBytes('1048576')).toBe(2 ** 20);
    expect(parseGoBytes('64B')).toBe(64);
    expect(parseGoBytes('off')).toBeNull();
  });

  it('refuses decimal units and junk', () => {
    for (const bad of ['1GB', '1.5GiB', '', 'lots', '-1MiB'])
      expect(parseGoBytes(bad), bad).toBe(undefined);
  });
});

describe('formatBytes', () => {
  it('picks the largest whole binary unit', () => {
    expect(formatBytes(2 ** 30)).toBe('1GiB');
    expect(formatBytes(1536)).toBe('1.5KiB');
    expect(formatBytes(12)).toBe('12B');
  });
});

describe('formatGoDuration', () => {
  it('prints as time.Duration.String() does', () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(7500)).toBe('7.5s');
    expect(formatGoDuration(20_000)).toBe('20s');
    expect(formatGoDuration(60_000)).toBe('1m0s');
    expect(formatGoDuration(61_500)).toBe('1m1.5s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(512.25)).toBe('512.25ms');
    expect(formatGoDuration(0.0015)).toBe('1.5µs');
    expect(formatGoDuration(0.000_007)).toBe('7ns');
    expect(formatGoDuration(-1500)).toBe('-1.5s');
  });
});
