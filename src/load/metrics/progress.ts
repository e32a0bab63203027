// What a run reports while it runs (LoadProgress) and when it ends (LoadSummary),
// and how the reports of several workers add up.

import { type LatencyDigest, emptyDigest, mergeDigest } from './latency-digest.js';

export interface LoadTallies {
  /** Sessions started (a TCP connect attempted). */
  started: number;
  /** Sessions that finished the handshake: connect, AUTH, ACK, SUBSCRIBE, ACK. */
  handshakes: number;
  /** Sessions that got their first DATA_BATCH, or lived their whole lifetime before one was due. */
  streamed: number;
  /** Sessions that reached their lifetime (so completed <= handshakes). */
  completed: number;
  /** Sessions the generator cut short: a ramp-down, the end of the run, a stop. */
  interrupted: number;
  dropped: Record<string, number>;
  /** DATA_BATCH numbers that skipped ahead (the published server's habit); never drops. */
  sequenceGaps: number;
  /** Arrivals not started because the scenario's maxVUs were all busy (k6's dropped iterations). */
  skipped: number;
  /** Sessions without an outcome yet. */
  active: number;
  /** Highest `active` seen (with workers: the sum of each worker's peak). */
  peakActive: number;
  /** The first detail seen for each drop reason, to make a summary explain itself. */
  dropExamples: Record<string, string>;
  /** The generator's worst event-loop delay in the last second, and over the run (ms; with
   *  workers, the worst worker). Seconds of lag make its own timeouts suspect. */
  eventLoopLagMs: number;
  maxEventLoopLagMs: number;
  /** Handshake times (connect start to the SUBSCRIBE ACK). */
  handshakeSeconds: LatencyDigest;
  /** Per drop reason, each dropped session's age when it ended (ages-at-close.ts): since its
   *  AUTH ACK (when the server's session began serving it), else since its connect started. */
  dropAges: Record<string, LatencyDigest>;
}

export interface LoadProgress extends LoadTallies {
  elapsedMs: number;
  droppedTotal: number;
  /** Sessions started per second over the last progress interval. */
  startedPerSecond: number;
}

export interface LoadSummary extends LoadTallies {
  seed: number;
  durationMs: number;
  droppedTotal: number;
  /** true when stop() ended the run, false when the profile ran to its end. */
  stopped: boolean;
}

export function emptyTallies(): LoadTallies {
  return {
    started: 0,
    handshakes: 0,
    streamed: 0,
    completed: 0,
    interrupted: 0,
    sequenceGaps: 0,
    dropped: {},
    skipped: 0,
    active: 0,
    peakActive: 0,
    dropExamples: {},
    eventLoopLagMs: 0,
    maxEventLoopLagMs: 0,
    handshakeSeconds: emptyDigest(),
    dropAges: {},
  };
}

export function addTallies(parts: readonly LoadTallies[]): LoadTallies {
  const total = emptyTallies();
  for (const part of parts) {
    total.started += part.started;
    total.handshakes += part.handshakes;
    total.streamed += part.streamed;
    total.completed += part.completed;
    total.interrupted += part.interrupted;
    total.sequenceGaps += part.sequenceGaps;
    mergeDigest(total.handshakeSeconds, part.handshakeSeconds);
    total.skipped += part.skipped;
    total.active += part.active;
    total.peakActive += part.peakActive;
    total.eventLoopLagMs = Math.max(total.eventLoopLagMs, part.eventLoopLagMs);
    total.maxEventLoopLagMs = Math.max(total.maxEventLoopLagMs, part.maxEventLoopLagMs);
    for (const [reason, count] of Object.entries(part.dropped)) {
      total.dropped[reason] = (total.dropped[reason] ?? 0) + count;
    }
    for (const [reason, detail] of Object.entries(part.dropExamples))
      total.dropExamples[reason] ??= detail;
    for (const [reason, ages] of Object.entries(part.dropAges))
      mergeDigest((total.dropAges[reason] ??= emptyDigest()), ages);
  }
  return total;
}

export function droppedTotal(tallies: LoadTallies): number {
  return Object.values(tallies.dropped).reduce((sum, count) => sum + count, 0);
}

/** started/s between successive samples at least `windowMs` apart. */
export class StartRate {
  private previous: { at: number; started: number } | undefined;
  private rate = 0;

  constructor(private readonly windowMs = 1_000) {}

  sample(at: number, started: number): number {
    if (!this.previous) {
      this.previous = { at, started };
    } else if (at - this.previous.at >= this.windowMs) {
      this.rate = ((started - this.previous.started) * 1_000) / (at - this.previous.at);
      this.previous = { at, started };
    }
    return this.rate;
  }
}

/** `active 120  started/s 35.0  completed 410  dropped 3 (reset 2, refused 1)` */
export function formatProgress(progress: LoadProgress): string {
  const reasons = Object.entries(progress.dropped)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} ${count}`);
  const drops = reasons.length > 0 ? ` (${reasons.join(', ')})` : '';
  const skipped = progress.skipped > 0 ? `  skipped ${progress.skipped}` : '';
  // Only worth a word when the generator itself is slow enough to distort its timeouts.
  const lag =
    progress.eventLoopLagMs >= 500
      ? `  generator lag ${(progress.eventLoopLagMs / 1000).toFixed(1)}s`
      : '';
  return (
    `active ${progress.active}  started ${progress.started}  started/s ${progress.startedPerSecond.toFixed(1)}  ` +
    `completed ${progress.completed}  dropped ${progress.droppedTotal}${drops}${skipped}${lag}`
  );
}
