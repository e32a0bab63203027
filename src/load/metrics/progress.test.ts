import { describe, expect, it } from 'vitest';
import { emptyDigest, recordLatency } from './latency-digest.js';
import {
  type LoadTallies,
  StartRate,
  addTallies,
  droppedTotal,
  emptyTallies,
  formatProgress,
} from './progress.js';

describe('addTallies', () => {
  it('adds counts and reasons from every worker and keeps the first example of each reason', () => {
    const a = {
      ...emptyTallies(),
      started: 3,
      completed: 1,
      active: 2,
      dropped: { reset: 1 },
      dropExamples: { reset: 'a' },
    };
    const b = {
      ...emptyTallies(),
      started: 4,
      dropped: { reset: 2, refused: 1 },
      dropExamples: { reset: 'b', refused: 'c' },
    };
    const total = addTallies([a, b]);
    expect(total).toMatchObject({
      started: 7,
      completed: 1,
      active: 2,
      dropped: { reset: 3, refused: 1 },
    });
    expect(total.dropExamples).toEqual({ reset: 'a', refused: 'c' });
    expect(droppedTotal(total)).toBe(4);
  });
});

describe('addTallies, ages at close', () => {
  it('merges each reason’s ages from every worker, as they arrive over IPC', () => {
    const worker = (ages: number[]): LoadTallies => {
      const digest = emptyDigest();
      for (const age of ages) recordLatency(digest, age);
      // A worker's tallies arrive as a structured clone of what it kept.
      return structuredClone({ ...emptyTallies(), dropAges: { closed_by_peer: digest } });
    };
    const a = worker([20.0, 20.1]);
    const b = worker([19.9, 20.0, 20.0]);
    const reset = (b.dropAges.reset = emptyDigest());
    recordLatency(reset, 3);
    const total = addTallies([a, b]);
    expect(total.dropAges.closed_by_peer).toMatchObject({ count: 5, min: 19.9, max: 20.1 });
    expect(total.dropAges.closed_by_peer!.sum).toBeCloseTo(100, 6);
    expect(total.dropAges.reset).toMatchObject({ count: 1, min: 3, max: 3 });
    // The parts are left as they were.
    expect(a.dropAges.closed_by_peer!.count).toBe(2);
  });
});

describe('StartRate', () => {
  it('reports starts per second over each window', () => {
    const rate = new StartRate(1_000);
    expect(rate.sample(0, 0)).toBe(0);
    expect(rate.sample(500, 40)).toBe(0); // window not over yet
    expect(rate.sample(2_000, 100)).toBe(50);
    expect(rate.sample(3_000, 130)).toBe(30);
  });
});

describe('formatProgress', () => {
  it('lists drop reasons, most frequent first, and leaves out zeros', () => {
    const line = formatProgress({
      ...emptyTallies(),
      active: 5,
      started: 9,
      completed: 1,
      dropped: { refused: 1, reset: 2, data_stall: 0 },
      droppedTotal: 3,
      elapsedMs: 1_000,
      startedPerSecond: 2.5,
    });
    expect(line).toBe(
      'active 5  started 9  started/s 2.5  completed 1  dropped 3 (reset 2, refused 1)',
    );
  });
});
