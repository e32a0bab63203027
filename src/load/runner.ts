// One event loop's share of a load run: its scenario drivers, its sessions, one
// interval that drives the schedule and the timer wheel, and its own metrics.
// startLoad runs one in-process, or one per worker process.

import { ClosedDriver } from './schedule/closed-driver.js';
import type { DriverHost, ScenarioDriver, ShardSpec } from './schedule/driver.js';
import { EventLoopLag } from './metrics/event-loop-lag.js';
import { emptyDigest, recordLatency } from './metrics/latency-digest.js';
import { LoadMetrics } from './metrics/metrics.js';
import { OpenDriver } from './schedule/open-driver.js';
import {
  type LoadSummary,
  type LoadTallies,
  droppedTotal,
  emptyTallies,
} from './metrics/progress.js';
import type { LoadProfile } from './profile/profile-types.js';
import { SeededRandom } from './schedule/random.js';
import { Session, type SessionContext, type SessionDriver } from './session/session.js';
import { type SessionRecipe, type TargetAddress, sessionRecipe } from './session/session-recipe.js';
import { TimerWheel } from './schedule/timer-wheel.js';
import { sleep } from '../bounds.js';

/** Granularity of the schedule and of every session deadline. */
export const TICK_MS = 25;
/** How long stop() waits for servers to close their side before destroying sockets. */
export const STOP_GRACE_MS = 5_000;
/** Ticks between event-loop lag readings (one a second). */
const LAG_EVERY_TICKS = 1_000 / TICK_MS;

export interface RunnerOptions {
  address: TargetAddress;
  profile: LoadProfile;
  shard?: ShardSpec;
  /** Source addresses to spread connections over (local-addresses.ts); empty: the kernel picks. */
  localAddresses?: string[];
}

export class LoadRunner implements SessionContext, DriverHost {
  readonly metrics = new LoadMetrics();
  readonly random: SeededRandom;
  readonly shard: ShardSpec;
  readonly done: Promise<LoadSummary>;
  wheel: TimerWheel;
  /** When the run started; scenario times count from here. Set by begin(). */
  startedAt = Date.now();
  private readonly drivers: ScenarioDriver[];
  private readonly localAddresses: string[];
  private nextAddress = 0;
  /** Sessions whose socket is still open (undecided, or closing after their outcome). */
  private readonly open = new Set<Session>();
  private readonly tallies: LoadTallies = emptyTallies();
  private interval: NodeJS.Timeout | undefined;
  private readonly lag = new EventLoopLag();
  private ticks = 0;
  private stopping: Promise<LoadSummary> | undefined;
  private resolveDone!: (summary: LoadSummary) => void;
  private summary: LoadSummary | undefined;

  constructor(private readonly options: RunnerOptions) {
    this.shard = options.shard ?? { index: 0, count: 1 };
    this.random = new SeededRandom(options.profile.seed);
    this.wheel = new TimerWheel(TICK_MS, this.startedAt);
    this.localAddresses = options.localAddresses ?? [];
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const clientId = (name: string) => `${name}-${process.pid}-${this.shard.index}`;
    this.drivers = options.profile.scenarios.map((plan, index) => {
      const recipe = sessionRecipe(plan.session, options.address, clientId(plan.session.clientId));
      return plan.model === 'closed'
        ? new ClosedDriver(this, plan, index, recipe)
        : new OpenDriver(this, plan, index, recipe);
    });
  }

  /** Starts the clock. Workers of one run all begin at the same `startAt`, so their schedules line up. */
  begin(startAt = Date.now()): this {
    if (this.interval) return this;
    this.startedAt = startAt;
    this.wheel = new TimerWheel(TICK_MS, startAt);
    this.interval = setInterval(() => this.tick(), TICK_MS);
    this.tick();
    return this;
  }

  /** Counts so far; `active` is sessions without an outcome. */
  progress(): LoadTallies {
    return {
      ...this.tallies,
      dropped: { ...this.tallies.dropped },
      dropExamples: { ...this.tallies.dropExamples },
      handshakeSeconds: structuredClone(this.tallies.handshakeSeconds),
      dropAges: structuredClone(this.tallies.dropAges),
    };
  }

  /** Ends every session (a FIN each; `interrupted` unless its lifetime is up), waits up to graceMs for the closes, then destroys. */
  stop(graceMs = STOP_GRACE_MS): Promise<LoadSummary> {
    if (this.summary) return Promise.resolve(this.summary);
    this.stopping ??= (async () => {
      for (const driver of this.drivers) driver.stop();
      const now = Date.now();
      for (const session of this.open) session.finish(now);
      const deadline = Date.now() + graceMs;
      while (this.open.size > 0 && Date.now() < deadline) {
        await sleep(TICK_MS);
      }
      for (const session of this.open) session.destroy();
      return this.finish(true);
    })();
    return this.stopping;
  }

  // ---- DriverHost ----

  startSession(
    driver: SessionDriver,
    recipe: SessionRecipe,
    client: number,
    attempt: number,
    lifetimeMs: number,
    now: number,
  ): Session {
    const session = new Session(this, driver, recipe, client, attempt, lifetimeMs);
    this.open.add(session);
    this.tallies.started++;
    this.tallies.active++;
    if (this.tallies.active > this.tallies.peakActive)
      this.tallies.peakActive = this.tallies.active;
    session.start(now);
    return session;
  }

  arrivalSkipped(): void {
    this.tallies.skipped++;
  }

  // ---- SessionContext ----

  nextLocalAddress(): string | undefined {
    if (this.localAddresses.length === 0) return undefined;
    const address = this.localAddresses[this.nextAddress]!;
    this.nextAddress = (this.nextAddress + 1) % this.localAddresses.length;
    return address;
  }

  subscribed(session: Session): void {
    this.tallies.handshakes++;
    recordLatency(this.tallies.handshakeSeconds, session.handshakeSeconds);
  }

  firstBatch(): void {
    this.tallies.streamed++;
  }

  sequenceGap(): void {
    this.tallies.sequenceGaps++;
    this.metrics.sequenceGaps.inc();
  }

  settled(session: Session): void {
    const outcome = session.outcome!;
    this.tallies.active--;
    if (outcome.kind === 'completed') {
      this.tallies.completed++;
      // Lived its whole lifetime before a batch was due (a short one): it reached its data too.
      if (!session.gotBatch) this.tallies.streamed++;
    } else if (outcome.kind === 'interrupted') {
      this.tallies.interrupted++;
    } else {
      this.tallies.dropped[outcome.reason] = (this.tallies.dropped[outcome.reason] ?? 0) + 1;
      this.tallies.dropExamples[outcome.reason] ??= outcome.detail;
      recordLatency((this.tallies.dropAges[outcome.reason] ??= emptyDigest()), session.ageSeconds);
    }
  }

  released(session: Session): void {
    this.open.delete(session);
  }

  private tick(): void {
    if (++this.ticks % LAG_EVERY_TICKS === 0) this.readLag();
    const now = Date.now();
    for (const driver of this.drivers) driver.tick(now);
    this.wheel.advance(now);
    if (!this.stopping && this.open.size === 0 && this.drivers.every((d) => d.finished))
      this.finish(false);
  }

  private readLag(): void {
    const lagMs = this.lag.sample();
    this.tallies.eventLoopLagMs = lagMs;
    this.tallies.maxEventLoopLagMs = Math.max(this.tallies.maxEventLoopLagMs, lagMs);
    this.metrics.eventLoopLag.set(lagMs / 1_000);
  }

  private finish(stopped: boolean): LoadSummary {
    if (this.summary) return this.summary;
    clearInterval(this.interval);
    this.readLag();
    this.lag.stop();
    const tallies = this.progress();
    this.summary = {
      ...tallies,
      seed: this.options.profile.seed,
      durationMs: Date.now() - this.startedAt,
      droppedTotal: droppedTotal(tallies),
      stopped,
    };
    this.resolveDone(this.summary);
    return this.summary;
  }
}
