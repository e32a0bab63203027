import { describe, expect, it } from 'vitest';
import { emptyDigest, mean, mergeDigest, quantile, recordLatency } from './latency-digest.js';

describe('latency digest', () => {
  it('gives percentiles within 2 % of the exact ones', () => {
    const digest = emptyDigest();
    const values = Array.from({ length: 10_000 }, (_, i) => 0.0001 * (i + 1)); // 0.1 ms .. 1 s
    for (const v of values) recordLatency(digest, v);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(quantile(digest, q)! - exact) / exact).toBeLessThan(0.02);
    }
    expect(quantile(digest, 0)).toBe(0.0001);
    expect(quantile(digest, 1)).toBe(1);
    expect(mean(digest)).toBeCloseTo(0.50005, 6);
  });

  it('adds up across workers exactly as one digest would', () => {
    const one = emptyDigest();
    const parts = [emptyDigest(), emptyDigest()];
    for (let i = 1; i <= 1000; i++) {
      recordLatency(one, i / 1000);
      recordLatency(parts[i % 2]!, i / 1000);
    }
    const merged = JSON.parse(JSON.stringify(emptyDigest())) as ReturnType<typeof emptyDigest>;
    mergeDigest(merged, emptyDigest());
    for (const part of parts) mergeDigest(merged, JSON.parse(JSON.stringify(part)));
    expect([merged.min, merged.max]).toEqual([0.001, 1]);
    expect(quantile(merged, 0.95)).toBe(quantile(one, 0.95));
    expect(merged.count).toBe(1000);
  });

  it('keeps the middle of a cluster narrower than one bucket', () => {
    const digest = emptyDigest();
    for (let i = 0; i < 140; i++) recordLatency(digest, 19.95 + (0.1 * i) / 139);
    expect(quantile(digest, 0.5)).toBeCloseTo(20, 2);
    expect(quantile(digest, 0.1)!).toBeGreaterThan(19.95);
    expect(quantile(digest, 0.9)!).toBeLessThan(20.05);
  });

  it('says nothing when it has no samples', () => {
    expect(quantile(emptyDigest(), 0.95)).toBeNull();
    expect(mean(emptyDigest())).toBeNull();
  });
});
