import { describe, expect, it } from 'vitest';
import { RandomStream, SeededRandom } from './random.js';

describe('SeededRandom', () => {
  it('gives the same draw for the same seed and counters', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    expect(a.uniform(RandomStream.lifetime, 0, 7, 3)).toBe(
      b.uniform(RandomStream.lifetime, 0, 7, 3),
    );
  });

  it('gives different draws for different seeds, streams and counters', () => {
    const r = new SeededRandom(42);
    const draws = new Set([
      r.uniform(RandomStream.lifetime, 0, 1),
      r.uniform(RandomStream.lifetime, 0, 2),
      r.uniform(RandomStream.lifetime, 1, 1),
      r.uniform(RandomStream.backoffJitter, 0, 1),
      r.uniform(RandomStream.lifetime, 0, 1, 1),
      new SeededRandom(43).uniform(RandomStream.lifetime, 0, 1),
    ]);
    expect(draws.size).toBe(6);
  });

  it('stays strictly inside (0, 1) and is roughly uniform', () => {
    const r = new SeededRandom(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const u = r.uniform(RandomStream.arrivals, 0, i);
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
      buckets[Math.floor(u * 10)]!++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(1_700);
    for (const count of buckets) expect(count).toBeLessThan(2_300);
  });
});
