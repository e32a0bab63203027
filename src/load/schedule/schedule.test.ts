import { describe, expect, it } from 'vitest';
import { normalizeProfile } from '../profile/profile.js';
import { SeededRandom } from './random.js';
import { ArrivalSchedule, vusAt } from './schedule.js';
import type { ClosedScenarioPlan, OpenScenarioPlan } from '../profile/profile-types.js';

function closed(input: object): ClosedScenarioPlan {
  return normalizeProfile(input, 'test').scenarios[0] as ClosedScenarioPlan;
}
function open(input: object): OpenScenarioPlan {
  return normalizeProfile(input, 'test').scenarios[0] as OpenScenarioPlan;
}
function allArrivals(plan: OpenScenarioPlan, seed = 1): number[] {
  const schedule = new ArrivalSchedule(plan, new SeededRandom(seed), 0);
  const times: number[] = [];
  for (let at = schedule.next(); at !== undefined; at = schedule.next()) times.push(at);
  return times;
}

describe('vusAt (closed model)', () => {
  const plan = closed({
    startVUs: 0,
    stages: [
      { duration: '10s', target: 10 },
      { duration: '5s', target: 10 },
      { duration: '10s', target: 0 },
    ],
  });

  it('steps one VU at a time up, holds, then steps down to the last target', () => {
    expect(vusAt(plan, 0)).toBe(0);
    expect(vusAt(plan, 999)).toBe(0);
    expect(vusAt(plan, 1_000)).toBe(1);
    expect(vusAt(plan, 5_500)).toBe(5);
    expect(vusAt(plan, 10_000)).toBe(10);
    expect(vusAt(plan, 14_999)).toBe(10);
    expect(vusAt(plan, 16_000)).toBe(9);
    expect(vusAt(plan, 24_999)).toBe(1);
    expect(vusAt(plan, 25_000)).toBe(0);
  });

  it('holds constant-vus at vus for the duration', () => {
    const constant = closed({ vus: 7, duration: '30s' });
    expect(vusAt(constant, 0)).toBe(7);
    expect(vusAt(constant, 29_999)).toBe(7);
  });
});

describe('ArrivalSchedule (open model)', () => {
  it('spaces a constant rate evenly and gives exactly rate × duration arrivals', () => {
    const times = allArrivals(open({ rate: 10, duration: '2s' }));
    expect(times).toHaveLength(20);
    expect(times[0]).toBeCloseTo(50);
    expect(times[1]! - times[0]!).toBeCloseTo(100);
    expect(times.at(-1)).toBeCloseTo(1_950);
  });

  it('honours timeUnit', () => {
    expect(allArrivals(open({ rate: 30, timeUnit: '1m', duration: '2m' }))).toHaveLength(60);
  });

  it('ramps linearly: the count is the area under the rate, and arrivals get denser', () => {
    const times = allArrivals(
      open({
        startRate: 0,
        stages: [
          { duration: '10s', target: 20 },
          { duration: '5s', target: 20 },
        ],
      }),
    );
    // 10 s ramping 0→20/s is 100 arrivals, then 5 s at 20/s is 100 more.
    expect(times).toHaveLength(200);
    const firstHalf = times.filter((t) => t < 5_000).length;
    const secondHalf = times.filter((t) => t >= 5_000 && t < 10_000).length;
    expect(firstHalf).toBe(25);
    expect(secondHalf).toBe(75);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
  });

  it('skips stages at rate zero', () => {
    const times = allArrivals(
      open({
        startRate: 0,
        stages: [
          { duration: '5s', target: 0 },
          { duration: '1s', target: 10 },
        ],
      }),
    );
    expect(times).toHaveLength(5);
    expect(times[0]).toBeGreaterThan(5_000);
  });

  it('makes the same poisson schedule from the same seed and a different one from another', () => {
    const plan = open({ rate: 50, duration: '20s', arrivals: 'poisson' });
    const a = allArrivals(plan, 7);
    expect(allArrivals(plan, 7)).toEqual(a);
    expect(allArrivals(plan, 8)).not.toEqual(a);
    // 1,000 expected; a Poisson count is within ±5 σ (≈ ±160) with overwhelming probability.
    expect(a.length).toBeGreaterThan(840);
    expect(a.length).toBeLessThan(1_160);
  });
});
