import { describe, expect, it } from 'vitest';
import { localClientRate } from './client-rate.js';

describe('localClientRate', () => {
  it('is the share of sessions that ended in the window that were dropped', async () => {
    const counters = { completed: 0, interrupted: 0, droppedTotal: 0 };
    const rate = localClientRate(() => counters, 10_000);
    expect(await rate.value(new Date(0))).toBeNull();
    counters.completed = 90;
    counters.interrupted = 5;
    counters.droppedTotal = 5;
    expect(await rate.value(new Date(5_000))).toBe(5);
    counters.completed = 190;
    // The window now starts at 5 s: 100 ended since, none dropped.
    expect(await rate.value(new Date(15_000))).toBe(0);
  });

  it('never passes 100 %, however many drops land at once', async () => {
    const counters = { completed: 0, interrupted: 0, droppedTotal: 0 };
    const rate = localClientRate(() => counters, 10_000);
    await rate.value(new Date(0));
    counters.droppedTotal = 300; // sessions started long before, all cut at once
    expect(await rate.value(new Date(1_000))).toBe(100);
  });
});
