import { describe, expect, it } from 'vitest';
import { identify, isSameProcessAlive, processStartTime } from './proc-identity.js';

describe('process identity', () => {
  it('reads this process start time', () => {
    const start = processStartTime(process.pid);
    expect(start).toBeGreaterThan(0);
    expect(isSameProcessAlive(identify(process.pid)!)).toBe(true);
  });

  it('treats a different start time under the same pid as another process', () => {
    const me = identify(process.pid)!;
    expect(isSameProcessAlive({ pid: me.pid, startTime: me.startTime + 1 })).toBe(false);
  });

  it('returns null for a pid that does not exist', () => {
    expect(processStartTime(2 ** 22 + 7)).toBeNull();
  });
});
