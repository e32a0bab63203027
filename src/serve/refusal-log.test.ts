// The refusal log stays bounded under a flood: one line, then at most one count per period.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { RefusalLog } from './refusal-log.js';

afterEach(() => vi.useRealTimers());

describe('RefusalLog', () => {
  it('says the first refusal, then counts a flood into one line per quiet period', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const log = new RefusalLog((line) => lines.push(line), 'webhook receiver', 5_000);
    for (let i = 0; i < 1000; i++) log.refuse('POST /receivers/%E0', 'a malformed path');
    expect(lines).toEqual(['webhook receiver: refused POST /receivers/%E0: a malformed path']);
    vi.advanceTimersByTime(5_000);
    expect(lines[1]).toBe(
      'webhook receiver: 999 more request(s) refused (1000 in all; one line at most every 5 s)',
    );
    // Still flooding: nothing more until the next period ends.
    for (let i = 0; i < 500; i++) log.refuse('GET /x', 'unknown path');
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(5_000);
    expect(lines).toHaveLength(3);
    expect(log.total).toBe(1500);
  });

  it('says a lone refusal after a quiet period in full, and flush says what is held', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const log = new RefusalLog((line) => lines.push(line), 'live view', 1_000);
    log.refuse('PUT /', 'method');
    log.refuse('PUT /', 'method');
    log.flush();
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(2_000);
    log.refuse('GET /nope', 'unknown path');
    expect(lines[2]).toBe('live view: refused GET /nope: unknown path');
  });

  it('never throws when the log itself cannot write', () => {
    const log = new RefusalLog(() => {
      throw new Error('stream closed');
    }, 'live view');
    expect(() => log.refuse('GET /', 'x')).not.toThrow();
  });
});
