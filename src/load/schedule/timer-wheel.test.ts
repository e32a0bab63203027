import { describe, expect, it } from 'vitest';
import { TimerWheel, type WheelEntry } from './timer-wheel.js';

function entry(log: string[], name: string, onWake?: (now: number) => void): WheelEntry {
  return {
    wakeSlot: -1,
    wake(now) {
      log.push(`${name}@${now}`);
      onWake?.(now);
    },
  };
}

describe('TimerWheel', () => {
  it('wakes entries once their slot has passed, in slot order', () => {
    const log: string[] = [];
    const wheel = new TimerWheel(100, 0);
    wheel.schedule(entry(log, 'b'), 250);
    wheel.schedule(entry(log, 'a'), 120);
    wheel.advance(199);
    expect(log).toEqual([]);
    wheel.advance(200);
    expect(log).toEqual(['a@200']);
    wheel.advance(1_000);
    expect(log).toEqual(['a@200', 'b@1000']);
    expect(wheel.pendingSlots).toBe(0);
  });

  it('never wakes a cancelled entry', () => {
    const log: string[] = [];
    const wheel = new TimerWheel(100, 0);
    const e = entry(log, 'x');
    wheel.schedule(e, 100);
    wheel.cancel(e);
    wheel.advance(500);
    expect(log).toEqual([]);
  });

  it('keeps an entry at its earlier slot when asked for a later one, and moves it when asked for an earlier one', () => {
    const log: string[] = [];
    const wheel = new TimerWheel(100, 0);
    const e = entry(log, 'x');
    wheel.schedule(e, 500);
    wheel.schedule(e, 900); // later: stays at 500, wakes early and may reschedule itself
    wheel.schedule(e, 200); // earlier: moves
    wheel.advance(1_000);
    expect(log).toEqual(['x@1000']);
  });

  it('lets an entry reschedule itself from wake, never into the slot being processed', () => {
    const log: string[] = [];
    const wheel = new TimerWheel(100, 0);
    let wakes = 0;
    const e: WheelEntry = entry(log, 'x', (now) => {
      if (++wakes < 3) wheel.schedule(e, now);
    });
    wheel.schedule(e, 100);
    wheel.advance(100);
    wheel.advance(200);
    wheel.advance(300);
    wheel.advance(400);
    expect(log).toEqual(['x@100', 'x@200', 'x@300']);
  });

  it('puts a deadline already past into the next slot rather than losing it', () => {
    const log: string[] = [];
    const wheel = new TimerWheel(100, 1_000);
    wheel.schedule(entry(log, 'late'), 10);
    wheel.advance(1_100);
    expect(log).toEqual(['late@1100']);
  });
});
