import { describe, expect, it } from 'vitest';
import { defaultParallel, inParallel } from './parallel-drills.js';

const GiB = 1024 ** 3;

describe('defaultParallel', () => {
  it('runs every drill at once where the machine holds them', () => {
    const { n, why } = defaultParallel(4, { cores: 2, freeBytes: 22 * GiB, nofile: 20_000 });
    expect(n).toBe(4);
    expect(why).toBe(
      '2 cores (6 drills), 22.0 GiB free memory (29), nofile 20000 (10), 4 drill(s) to run',
    );
  });

  it('is held by memory, descriptors or cores, and is never below 1', () => {
    expect(defaultParallel(4, { cores: 8, freeBytes: 2 * GiB, nofile: 20_000 }).n).toBe(2);
    expect(defaultParallel(4, { cores: 8, freeBytes: 22 * GiB, nofile: 4_096 }).n).toBe(2);
    expect(defaultParallel(9, { cores: 1, freeBytes: 22 * GiB, nofile: 65_536 }).n).toBe(3);
    expect(defaultParallel(4, { cores: 1, freeBytes: 0, nofile: 1_024 }).n).toBe(1);
  });
});

describe('inParallel', () => {
  it('passes a failure on only once every other lane has ended', async () => {
    const ended: number[] = [];
    const run = inParallel([1, 40], 2, async (ms, i) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (i === 0) throw new Error('drill 0 broke');
      ended.push(i);
      return i;
    });
    await expect(run).rejects.toThrow('drill 0 broke');
    expect(ended).toEqual([1]);
  });

  it('keeps order, holds the limit, and starts nothing once stopped', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await inParallel([30, 10, 20, 5, 1], 2, async (ms, i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return i;
    });
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(started).toHaveLength(5);

    let stop = false;
    const some = await inParallel(
      [1, 2, 3, 4],
      1,
      async (n) => {
        if (n === 2) stop = true;
        return n;
      },
      () => stop,
    );
    expect(some).toEqual([1, 2]);
  });
});
