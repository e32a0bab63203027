import { describe, expect, it } from 'vitest';
import { StartRate, addTallies, droppedTotal, emptyTallies, formatProgress } from './progress.js';

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
