import { describe, expect, it } from 'vitest';
import { emptyTallies } from '../load/metrics/progress.js';
import { describeWindowTally, windowDropRate, windowTally } from './window-tally.js';

describe('windowTally', () => {
  it('counts what happened between two readings, naming each drop reason', () => {
    const before = { ...emptyTallies(), started: 100, completed: 90, dropped: { reset: 2 } };
    const after = {
      ...emptyTallies(),
      started: 700,
      completed: 680,
      interrupted: 1,
      dropped: { reset: 2, closed_without_reply: 3 },
    };
    const tally = windowTally(before, after);
    expect(tally).toEqual({
      started: 600,
      completed: 590,
      interrupted: 1,
      dropped: { closed_without_reply: 3 },
    });
    expect(describeWindowTally(tally)).toBe(
      '600 started, 590 completed, 1 cut short, 3 dropped (closed_without_reply 3)',
    );
  });
});

describe('windowDropRate', () => {
  it('is the share of the sessions that ended in the window that were dropped', () => {
    const tally = { started: 50, completed: 90, interrupted: 5, dropped: { reset: 3, refused: 2 } };
    expect(windowDropRate(tally)).toBe(5);
    expect(windowDropRate({ started: 10, completed: 0, interrupted: 0, dropped: {} })).toBeNull();
  });
});
