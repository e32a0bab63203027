// DATA_BATCH at each mode's cadence for every subscribed session, cheaply at 20k
// sessions: one timer for all of them, each beat's ticks generated and encoded once
// per distinct subscription, and the fan-out cut into slices so heartbeats, accepts
// and scrapes still get the event loop while 20k frames go out.

import type { TargetConfig } from './config.js';
import { SubscriptionMode } from './messages.js';
import { modeName } from './protocol-names.js';
import type { Session } from './session.js';
import { SharedBatch } from './shared-batch.js';
import type { TargetMetrics } from './target-metrics.js';
import { TickMarket } from './tick-market.js';

const BEAT_MS = 1000;
/** Beats between batches, by mode: SECOND every beat, MINUTE every 60th after subscribing. */
const CADENCE_BEATS: Record<number, number> = {
  [SubscriptionMode.SECOND]: 1,
  [SubscriptionMode.MINUTE]: 60,
};
/** Sessions served before yielding to the event loop. */
const SLICE_SIZE = 500;

export class BatchPublisher {
  private readonly sessions = new Set<Session>();
  private beat = 0;
  /** When the latest beat was due: its wall-clock second plus the micro-batch window. */
  private beatDueAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private publishing = false;
  private beatWaiting = false;

  constructor(
    private readonly config: TargetConfig,
    private readonly metrics: TargetMetrics,
    private readonly market = new TickMarket(),
  ) {}

  add(session: Session): void {
    session.nextBatchBeat = this.beat + CADENCE_BEATS[session.mode]!;
    this.sessions.add(session);
  }

  remove(session: Session): void {
    this.sessions.delete(session);
  }

  start(): void {
    // Beats land on wall-clock seconds plus the micro-batch window: ticks are stamped on
    // the second, and the batch goes out when the window closes.
    const delay = BEAT_MS - (Date.now() % BEAT_MS) + this.config.batchWindowMs;
    this.timer = setTimeout(() => {
      this.onBeat();
      this.start();
    }, delay);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private onBeat(): void {
    this.beat++;
    const now = Date.now();
    this.beatDueAt = now - (now % BEAT_MS) + this.config.batchWindowMs;
    // Still sending the last beat (overload): send this one right after, not both at once.
    if (this.publishing) this.beatWaiting = true;
    else this.publish();
  }

  private publish(): void {
    this.publishing = true;
    const beat = this.beat;
    const dueAt = this.beatDueAt;
    this.market.advance(dueAt - this.config.batchWindowMs);
    const batchesByKey = new Map<string, SharedBatch[]>();
    const sessions = [...this.sessions];
    let next = 0;

    const sendSlice = () => {
      const sliceAt = Date.now();
      const end = Math.min(next + SLICE_SIZE, sessions.length);
      const framesByMode: Record<number, number> = {};
      let bytes = 0;
      for (; next < end; next++) {
        const session = sessions[next]!;
        // A beat skipped under overload still leaves a late session due at the next one.
        if (session.nextBatchBeat > beat) continue;
        session.nextBatchBeat = beat + CADENCE_BEATS[session.mode]!;
        const batches = this.batchesFor(session, batchesByKey, Date.now());
        for (const batch of batches) {
          const size = session.sendBatch(batch);
          if (size === 0) break;
          bytes += size;
          framesByMode[session.mode] = (framesByMode[session.mode] ?? 0) + 1;
          this.metrics.publishLatency.observe((sliceAt - dueAt) / 1000);
        }
      }
      for (const [mode, frames] of Object.entries(framesByMode)) {
        this.metrics.messagesSent.inc(
          { message_type: 'DATA_BATCH', subscription_mode: modeName(Number(mode)) },
          frames,
        );
      }
      if (bytes > 0) this.metrics.bytesSent.inc(bytes);
      if (next < sessions.length) return void setImmediate(sendSlice);
      this.publishing = false;
      if (this.beatWaiting) {
        this.beatWaiting = false;
        this.publish();
      }
    };
    sendSlice();
  }

  /** The beat's batches for one subscription, built the first time a session needs them. */
  private batchesFor(
    session: Session,
    cache: Map<string, SharedBatch[]>,
    now: number,
  ): SharedBatch[] {
    let batches = cache.get(session.subscriptionKey);
    if (!batches) {
      const ticks = session.symbols.map((symbol) => this.market.tick(symbol, session.mode));
      batches = [];
      for (let i = 0; i < ticks.length; i += this.config.maxBatchSize) {
        batches.push(new SharedBatch(ticks.slice(i, i + this.config.maxBatchSize), now));
      }
      cache.set(session.subscriptionKey, batches);
    }
    return batches;
  }
}
