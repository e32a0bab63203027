import { describe, expect, it } from 'vitest';
import { LiveHistory } from './live-history.js';

describe('LiveHistory', () => {
  it('keeps every message in order while under its bounds', () => {
    const history = new LiveHistory({ maxSamples: 10, maxLogs: 10 });
    history.push('run-start', 'a');
    history.push('sample', 's1');
    history.push('phase', 'b');
    expect(history.texts()).toEqual(['a', 's1', 'b']);
  });

  it('thins samples to every second one past the bound, keeping the whole span and other events', () => {
    const history = new LiveHistory({ maxSamples: 4, maxLogs: 10 });
    history.push('drill-start', 'start');
    for (let i = 0; i < 5; i++) history.push('sample', `s${i}`);
    history.push('marker', 'm');
    expect(history.texts()).toEqual(['start', 's0', 's2', 's4', 'm']);
    for (let i = 5; i < 100; i++) history.push('sample', `s${i}`);
    const samples = history.texts().filter((t) => /^s\d/.test(t));
    expect(samples.length).toBeLessThanOrEqual(4);
    expect(samples[0]).toBe('s0');
    expect(history.texts()).toContain('m');
  });

  it('drops the oldest log lines past their bound', () => {
    const history = new LiveHistory({ maxSamples: 10, maxLogs: 2 });
    history.push('log', 'l1');
    history.push('phase', 'p');
    history.push('log', 'l2');
    history.push('log', 'l3');
    expect(history.texts()).toEqual(['p', 'l2', 'l3']);
  });
});
