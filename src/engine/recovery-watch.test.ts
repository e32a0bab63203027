import { describe, expect, it } from 'vitest';
import { RecoveryWatch } from './recovery-watch.js';

const REMEDIATED = Date.parse('2026-12-07T04:10:04.600Z');
const at = (seconds: number) => new Date(REMEDIATED + seconds * 1000);

describe('RecoveryWatch', () => {
  it('does not count a pass while the window still holds time from before the remediation', () => {
    const watch = new RecoveryWatch(REMEDIATED, 30_000);
    // The docker run's figures: under the threshold once, over it a second later.
    expect(watch.observe(at(22.7), 0.46, true)).toBe(false);
    expect(watch.observe(at(23.7), 0.9, false)).toBe(false);
    expect(watch.observe(at(31), 0.9, false)).toBe(false);
    expect(watch.earlyPassNote()).toBe(
      '; it passed 22.7 s after the remediation (server 0.46 %), while its 30.0 s window still held time from before it, and did not pass once the window held only the remediated time',
    );
  });

  it('counts the first pass once the window holds only the remediated time', () => {
    const watch = new RecoveryWatch(REMEDIATED, 30_000);
    expect(watch.observe(at(5), 0, true)).toBe(false);
    expect(watch.observe(at(29.9), 0.2, true)).toBe(false);
    expect(watch.observe(at(30), 0.2, true)).toBe(true);
    expect(watch.judgedFromMs).toBe(REMEDIATED + 30_000);
  });

  it('says nothing of an early pass when there was none', () => {
    const watch = new RecoveryWatch(REMEDIATED, 30_000);
    expect(watch.observe(at(10), 5, false)).toBe(false);
    expect(watch.earlyPassNote()).toBe('');
  });
});
