// Ages at close: how old each dropped session was when it ended, per drop reason. A
// server that ends every session at one age (a timer armed when its session starts)
// piles its drops at that age whatever the clients' lifetimes; faults at random spread them.

import { type LatencyDigest, quantile } from './latency-digest.js';

/** One reason's ages at close in seconds, as a drill result keeps them. */
export interface AgesAtClose {
  count: number;
  min: number;
  median: number;
  max: number;
  /** The one age the drops happened at, when they did (fixedAge). */
  fixedAt?: number;
}

/**
 * Reasons that are the client's own deadline passing: their age is the timeout itself
 * (10 s for every auth_unanswered), which says nothing about the server.
 */
const CLIENT_DEADLINES = new Set([
  'auth_unanswered',
  'connect_timeout',
  'pong_timeout',
  'data_stall',
]);

/** Fewer drops than this show no pattern. */
const MIN_DROPS = 5;
/** How far apart the 10th and 90th percentiles may be: this many seconds, or this share of the median. */
const SPREAD_SECONDS = 0.5;
const SPREAD_SHARE = 0.05;

/** The age (the median, in seconds) when a reason's drops all happened at one age; else null. */
export function fixedAge(digest: LatencyDigest): number | null {
  if (digest.count < MIN_DROPS) return null;
  const median = quantile(digest, 0.5)!;
  const spread = quantile(digest, 0.9)! - quantile(digest, 0.1)!;
  return spread <= Math.max(SPREAD_SECONDS, SPREAD_SHARE * median) ? median : null;
}

export function agesAtClose(digest: LatencyDigest, reason = ''): AgesAtClose {
  const fixedAt = CLIENT_DEADLINES.has(reason) ? null : fixedAge(digest);
  return {
    count: digest.count,
    min: digest.min,
    median: quantile(digest, 0.5) ?? 0,
    max: digest.max,
    ...(fixedAt !== null ? { fixedAt } : {}),
  };
}

/** Every reason's ages at close, most drops first, for a summary that travels as JSON. */
export function agesAtCloseByReason(
  dropAges: Record<string, LatencyDigest>,
): Record<string, AgesAtClose> {
  return Object.fromEntries(
    Object.entries(dropAges)
      .filter(([, digest]) => digest.count > 0)
      .sort((a, b) => b[1].count - a[1].count)
      .map(([reason, digest]) => [reason, agesAtClose(digest, reason)]),
  );
}

/** Sub-second ages need the second decimal (a handshake timeout of 0.7 s). */
const figure = (seconds: number) => seconds.toFixed(seconds < 1 ? 2 : 1);

/** "ages at close 19.9–20.1 s, median 20.0 s" */
export function formatAgesAtClose(ages: AgesAtClose): string {
  const [min, max] = [figure(ages.min), figure(ages.max)];
  return `ages at close ${min === max ? min : `${min}–${max}`} s, median ${figure(ages.median)} s`;
}

/** "all at 20.0 s of age", beside a reason's count. */
export function atFixedAge(fixedAt: number): string {
  return `all at ${figure(fixedAt)} s of age`;
}

/** "closed_by_peer 140, all at 20.0 s of age: a close at a fixed age of the session, not at random" */
export function fixedAgeNote(reason: string, ages: AgesAtClose): string | null {
  if (ages.fixedAt === undefined) return null;
  return `${reason} ${ages.count}, ${atFixedAge(ages.fixedAt)}: a close at a fixed age of the session, not at random`;
}
