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
      '; it passed 22.7 s after the remediation (server 0.46 %), while its 30.0 s window still held time from before the remediation, and did not pass once the window held only the remediated time',
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

describe('RecoveryWatch after a restart it did not make', () => {
  it('counts only a full window of the new process', () => {
    const watch = new RecoveryWatch(REMEDIATED, 30_000);
    watch.newProcessAt(at(40).getTime());
    // Fresh counters of the new process read well 2 s after it started: not a recovery.
    expect(watch.observe(at(42), 0, true)).toBe(false);
    expect(watch.observe(at(69), 0, true)).toBe(false);
    expect(watch.observe(at(70), 0, true)).toBe(true);
  });

  it('names the new process when the early pass did not hold', () => {
    const watch = new RecoveryWatch(REMEDIATED, 30_000);
    watch.newProcessAt(at(40).getTime());
    watch.observe(at(42), 0, true);
    expect(watch.earlyPassNote()).toBe(
      "; it passed 42.0 s after the remediation (server 0.00 %), while its 30.0 s window still held time from before the target's new process started (2.0 s earlier), and did not pass once the window held only the remediated time of the new process",
    );
  });

  it('ignores a restart before the remediation (the remediation already bounds the window)', () => {
    const watch = new RecoveryWatch(REMEDIATED, 30_000);
    watch.newProcessAt(at(-5).getTime());
    watch.newProcessAt(null);
    expect(watch.judgedFromMs).toBe(REMEDIATED + 30_000);
  });
});
