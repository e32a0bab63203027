import { describe, expect, it } from 'vitest';
import { localClientRate } from './client-rate.js';

describe('localClientRate', () => {
  it('is the share of sessions started in the window that were dropped', async () => {
    const counters = { started: 0, droppedTotal: 0 };
    const rate = localClientRate(() => counters, 10_000);
    expect(await rate.value(new Date(0))).toBeNull();
    counters.started = 100;
    counters.droppedTotal = 5;
    expect(await rate.value(new Date(5_000))).toBe(5);
    counters.started = 200;
    counters.droppedTotal = 5;
    // The window now starts at 5 s: 100 started since, none dropped.
    expect(await rate.value(new Date(15_000))).toBe(0);
  });
});
