import { describe, expect, it } from 'vitest';
import {
  agesAtClose,
  agesAtCloseByReason,
  fixedAge,
  fixedAgeNote,
  formatAgesAtClose,
} from './ages-at-close.js';
import { type LatencyDigest, emptyDigest, recordLatency } from './latency-digest.js';

/** `count` ages spread evenly from `from` to `to` seconds. */
function ages(count: number, from: number, to: number): LatencyDigest {
  const digest = emptyDigest();
  for (let i = 0; i < count; i++)
    recordLatency(digest, count === 1 ? from : from + ((to - from) * i) / (count - 1));
  return digest;
}

describe('fixedAge', () => {
  it('finds closes at one age of the session: 140 at 19.95–20.05 s are all at 20.0 s', () => {
    expect(fixedAge(ages(140, 19.95, 20.05))).toBeCloseTo(20, 1);
  });

  it('finds none in drops spread over the lifetimes (4–12 s)', () => {
    expect(fixedAge(ages(140, 4, 12))).toBeNull();
  });

  it('finds none in fewer than 5 drops, however close together', () => {
    expect(fixedAge(ages(4, 20, 20))).toBeNull();
    expect(fixedAge(emptyDigest())).toBeNull();
  });

  it('allows half a second at short ages and 5 % of the median at long ones', () => {
    expect(fixedAge(ages(50, 1.8, 2.2))).toBeCloseTo(2, 1);
    expect(fixedAge(ages(50, 1.5, 2.5))).toBeNull();
    expect(fixedAge(ages(50, 59, 61))).toBeCloseTo(60, 0);
    expect(fixedAge(ages(50, 55, 65))).toBeNull();
  });

  it('is not thrown off by a few stray drops outside the 10th–90th percentiles', () => {
    const digest = ages(100, 19.9, 20.1);
    recordLatency(digest, 0.3);
    recordLatency(digest, 45);
    // Within one 2 % bucket of the truth: the strays no longer cut the bucket to min..max.
    expect(Math.abs(fixedAge(digest)! - 20)).toBeLessThan(0.2);
  });
});

describe('formatting ages at close', () => {
  it('gives the range and the median', () => {
    expect(formatAgesAtClose(agesAtClose(ages(140, 19.9, 20.1)))).toBe(
      'ages at close 19.9–20.1 s, median 20.0 s',
    );
    expect(formatAgesAtClose(agesAtClose(ages(3, 0.7, 0.7)))).toBe(
      'ages at close 0.70 s, median 0.70 s',
    );
  });

  it('says a reason’s drops came at a fixed age only when they did', () => {
    const fixed = agesAtClose(ages(140, 19.95, 20.05));
    expect(fixedAgeNote('closed_by_peer', fixed)).toBe(
      'closed_by_peer 140, all at 20.0 s of age: a close at a fixed age of the session, not at random',
    );
    expect(fixedAgeNote('reset', agesAtClose(ages(140, 4, 12)))).toBeNull();
  });

  it('summarises every reason with drops as plain numbers', () => {
    const byReason = agesAtCloseByReason({
      closed_by_peer: ages(10, 2, 2.01),
      reset: ages(6, 1, 9),
      data_stall: emptyDigest(),
    });
    expect(Object.keys(byReason)).toEqual(['closed_by_peer', 'reset']);
    expect(byReason.closed_by_peer).toMatchObject({ count: 10, min: 2, max: 2.01 });
    expect(byReason.closed_by_peer!.fixedAt).toBeCloseTo(2, 1);
    expect(byReason.reset).not.toHaveProperty('fixedAt');
  });
});

describe("a client's own deadline", () => {
  it('is not a fixed age of the server: every auth_unanswered is the handshake timeout', () => {
    const digest = emptyDigest();
    for (let i = 0; i < 30; i++) recordLatency(digest, 10 + i / 1000);
    expect(
      agesAtCloseByReason({ auth_unanswered: digest }).auth_unanswered!.fixedAt,
    ).toBeUndefined();
    expect(agesAtCloseByReason({ closed_by_peer: digest }).closed_by_peer!.fixedAt).toBeCloseTo(
      10,
      0,
    );
  });
});
