import { describe, expect, it } from 'vitest';
import { AuthRateLimiter } from './auth-rate-limiter.js';

describe('AuthRateLimiter', () => {
  it('limits an IP after maxAttempts failures inside the window', () => {
    const limiter = new AuthRateLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.isLimited('127.0.0.1', i)).toBe(false);
      limiter.recordFailure('127.0.0.1', i);
    }
    expect(limiter.isLimited('127.0.0.1', 10)).toBe(true);
    expect(limiter.isLimited('127.0.0.2', 10)).toBe(false);
  });

  it('lets the IP try again once the oldest failure leaves the window', () => {
    const limiter = new AuthRateLimiter(3, 60_000);
    [0, 10_000, 20_000].forEach((t) => limiter.recordFailure('ip', t));
    expect(limiter.isLimited('ip', 59_999)).toBe(true);
    expect(limiter.isLimited('ip', 60_000)).toBe(false);
  });

  it('clears the count on a success', () => {
    const limiter = new AuthRateLimiter(3, 60_000);
    limiter.recordFailure('ip', 0);
    limiter.recordFailure('ip', 1);
    limiter.recordSuccess('ip');
    limiter.recordFailure('ip', 2);
    limiter.recordFailure('ip', 3);
    expect(limiter.isLimited('ip', 4)).toBe(false);
  });

  it('forgets aged-out IPs and bounds how many it remembers', () => {
    const limiter = new AuthRateLimiter(3, 1000, 2);
    limiter.recordFailure('a', 0);
    limiter.recordFailure('b', 0);
    limiter.recordFailure('c', 0);
    expect(limiter.trackedIps).toBe(2);
    limiter.prune(5000);
    expect(limiter.trackedIps).toBe(0);
  });
});
