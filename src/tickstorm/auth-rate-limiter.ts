// Per-client-IP AUTH rate limit as published: after `maxAttempts` failures inside
// `windowMs`, further attempts are refused until the oldest failure ages out; a
// success clears the IP's record.

export class AuthRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    /** Bound on remembered IPs, so a spray of sources cannot grow memory without limit. */
    private readonly maxTrackedIps = 100_000,
  ) {}

  isLimited(ip: string, now: number): boolean {
    return this.recent(ip, now).length >= this.maxAttempts;
  }

  recordFailure(ip: string, now: number): void {
    const times = this.recent(ip, now);
    times.push(now);
    // Only the newest maxAttempts failures can matter to isLimited.
    if (times.length > this.maxAttempts) times.shift();
    this.failures.delete(ip);
    this.failures.set(ip, times);
    if (this.failures.size > this.maxTrackedIps) this.prune(now);
    while (this.failures.size > this.maxTrackedIps) {
      this.failures.delete(this.failures.keys().next().value!);
    }
  }

  recordSuccess(ip: string): void {
    this.failures.delete(ip);
  }

  /** Forgets IPs whose failures have all aged out. */
  prune(now: number): void {
    for (const ip of [...this.failures.keys()]) {
      if (this.recent(ip, now).length === 0) this.failures.delete(ip);
    }
  }

  get trackedIps(): number {
    return this.failures.size;
  }

  private recent(ip: string, now: number): number[] {
    const times = this.failures.get(ip) ?? [];
    const fresh = times.filter((t) => now - t < this.windowMs);
    if (fresh.length === 0) this.failures.delete(ip);
    return fresh;
  }
}
