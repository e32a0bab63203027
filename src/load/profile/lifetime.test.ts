import { describe, expect, it } from 'vitest';
import { drawBackoff, drawLifetime } from './lifetime.js';
import { SeededRandom } from '../schedule/random.js';

const random = new SeededRandom(3);

describe('drawLifetime', () => {
  it('returns a fixed lifetime as is', () => {
    expect(drawLifetime({ kind: 'fixed', durationMs: 1_234 }, random, 0, 5, 0)).toBe(1_234);
  });

  it('draws uniform lifetimes inside the bounds, reproducibly per client and attempt', () => {
    const plan = { kind: 'uniform' as const, minMs: 1_000, maxMs: 2_000 };
    const draws = Array.from({ length: 1_000 }, (_, client) =>
      drawLifetime(plan, random, 0, client, 0),
    );
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...draws)).toBeLessThanOrEqual(2_000);
    expect(new Set(draws).size).toBeGreaterThan(500);
    expect(drawLifetime(plan, new SeededRandom(3), 0, 17, 2)).toBe(
      drawLifetime(plan, random, 0, 17, 2),
    );
  });

  it('draws exponential lifetimes with the right mean, cut at max', () => {
    const plan = { kind: 'exponential' as const, meanMs: 1_000, maxMs: 10_000 };
    const draws = Array.from({ length: 20_000 }, (_, client) =>
      drawLifetime(plan, random, 0, client, 0),
    );
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(950);
    expect(mean).toBeLessThan(1_050);
    expect(Math.max(...draws)).toBeLessThanOrEqual(10_000);
  });
});

describe('drawBackoff', () => {
  const plan = {
    initialDelayMs: 100,
    maxDelayMs: 1_000,
    multiplier: 2,
    jitter: 0.5,
    maxAttempts: null,
  };

  it('grows exponentially per consecutive drop and stops at maxDelay, jittered below the base', () => {
    for (const [failures, base] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
      [5, 1_000],
      [9, 1_000],
    ] as const) {
      const delay = drawBackoff(plan, failures, random, 0, 1, failures);
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    }
  });

  it('has no randomness with jitter 0', () => {
    expect(drawBackoff({ ...plan, jitter: 0 }, 3, random, 0, 1, 1)).toBe(400);
  });
});
