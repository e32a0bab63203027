import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyDigest, recordLatency } from '../../load/metrics/latency-digest.js';
import { type LoadSummary, emptyTallies } from '../../load/metrics/progress.js';
import { printSummary } from './load-output.js';

function summaryWith(dropAges: Record<string, number[]>): LoadSummary {
  const tallies = emptyTallies();
  for (const [reason, ages] of Object.entries(dropAges)) {
    const digest = (tallies.dropAges[reason] = emptyDigest());
    for (const age of ages) recordLatency(digest, age);
    tallies.dropped[reason] = ages.length;
    tallies.dropExamples[reason] = 'the server closed the connection';
  }
  const droppedTotal = Object.values(tallies.dropped).reduce((a, b) => a + b, 0);
  return {
    ...tallies,
    started: droppedTotal,
    seed: 1,
    durationMs: 60_000,
    droppedTotal,
    stopped: false,
  };
}

const printed = () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  return () => log.mock.calls.map((call) => String(call[0]));
};

afterEach(() => vi.restoreAllMocks());

describe('chaos load’s summary, ages at close', () => {
  const summary = summaryWith({
    closed_by_peer: Array.from({ length: 140 }, (_, i) => 19.95 + (0.1 * i) / 139),
    reset: Array.from({ length: 12 }, (_, i) => 4 + (8 * i) / 11),
  });

  it('gives each reason’s ages and says which came at a fixed age of the session', () => {
    const lines = printed();
    printSummary(summary, [], false);
    const text = lines().join('\n');
    expect(text).toMatch(
      /closed_by_peer +140 +e\.g\. .*\n {6}ages at close 19\.9–20\.1 s, median 20\.0 s/,
    );
    expect(text).toMatch(/reset +12 +e\.g\. .*\n {6}ages at close 4\.0–12\.0 s, median/);
    expect(text).toContain(
      '  closed_by_peer 140, all at 20.0 s of age: a close at a fixed age of the session, not at random',
    );
    expect(text).not.toMatch(/reset 12, all at/);
  });

  it('carries them in the --ready-json summary line', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    printSummary(summary, [], true);
    const line = JSON.parse(String(write.mock.calls[0]![0])) as {
      agesAtClose: Record<string, { count: number; fixedAt?: number }>;
    };
    expect(line.agesAtClose.closed_by_peer).toMatchObject({ count: 140 });
    expect(line.agesAtClose.closed_by_peer!.fixedAt).toBeCloseTo(20, 1);
    expect(line.agesAtClose.reset).not.toHaveProperty('fixedAt');
  });
});
