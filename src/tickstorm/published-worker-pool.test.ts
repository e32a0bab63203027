import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POOL_IDLE_EXIT_MS, PublishedWorkerPool } from './published-worker-pool.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A pool whose runs are recorded: `started` in order, `finish(n)` frees the holder of n. */
function recordingPool(cpus: number) {
  const started: number[] = [];
  const done = new Map<number, () => void>();
  const pool = new PublishedWorkerPool<number>(cpus, (item, free) => {
    started.push(item);
    done.set(item, free);
  });
  return { pool, started, finish: (item: number) => done.get(item)!() };
}

describe('PublishedWorkerPool', () => {
  it('reproduces the measured shape on 2 CPUs: 8 served, 16 queued, the rest on their own', () => {
    const { pool, started, finish } = recordingPool(2);
    const placements = Array.from({ length: 40 }, (_, i) => pool.submit(i + 1));
    expect(placements.slice(0, 2)).toEqual(['worker', 'worker']);
    expect(placements.slice(2, 24).every((p) => p === 'queued')).toBe(true);
    expect(placements.slice(24).every((p) => p === 'own')).toBe(true);
    // Each worker added for a long queue took its head: sessions 3..8, in order.
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8, ...range(25, 40)]);
    expect(pool.stats()).toEqual({ workers: 8, busy: 8, queued: 16 });

    // A session served on its own frees nothing; one held by a worker lets the head in.
    finish(25);
    expect(pool.stats().queued).toBe(16);
    finish(1);
    finish(1); // twice is once
    expect(started.slice(-1)).toEqual([9]);
    expect(pool.stats().queued).toBe(15);
  });

  it('adds a worker when the queue is full, and never beyond 4×NumCPU', () => {
    const { pool, started } = recordingPool(1);
    // 1 worker, queue of 8: the 2nd to 4th wait; the 4th (queued 3 > 2) brings a worker.
    for (let i = 1; i <= 4; i++) pool.submit(i);
    expect(started).toEqual([1, 2]);
    expect(pool.stats().workers).toBe(2);
    for (let i = 5; i <= 30; i++) pool.submit(i);
    expect(pool.stats().workers).toBe(4);
    expect(pool.stats().queued).toBe(8);
  });

  it('lets idle workers above the minimum leave after 30 s, as far as shouldScaleDown allows', () => {
    const { pool, started, finish } = recordingPool(2);
    for (let i = 1; i <= 24; i++) pool.submit(i);
    // In order, each finish lets the queue's head in before it is finished in turn.
    for (let i = 1; i <= 24; i++) finish(i);
    expect(started).toEqual(range(1, 24));
    expect(pool.stats()).toEqual({ workers: 8, busy: 0, queued: 0 });
    vi.advanceTimersByTime(POOL_IDLE_EXIT_MS - 1);
    expect(pool.stats().workers).toBe(8);
    vi.advanceTimersByTime(1);
    // queued < workers/4 in integer division stops being true at 3 workers.
    expect(pool.stats().workers).toBe(3);
    vi.advanceTimersByTime(5 * POOL_IDLE_EXIT_MS);
    expect(pool.stats().workers).toBe(3);
  });

  it('stops: hands back what was queued and serves nothing more', () => {
    const { pool, started, finish } = recordingPool(1);
    for (let i = 1; i <= 3; i++) pool.submit(i);
    expect(pool.stop()).toEqual([2, 3]);
    finish(1);
    expect(started).toEqual([1]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
