// The open model (constant-arrival-rate, ramping-arrival-rate): sessions arrive on
// the seeded schedule whatever happens to earlier ones. Past maxVUs an arrival is
// skipped (k6's dropped iteration); a dropped session is retried only if reconnect is set.

import { type DriverHost, type ScenarioDriver, shareOf } from './driver.js';
import { drawBackoff, drawLifetime } from '../profile/lifetime.js';
import type { OpenScenarioPlan } from '../profile/profile-types.js';
import { ArrivalSchedule, scenarioDurationMs } from './schedule.js';
import type { Session } from '../session/session.js';
import type { SessionRecipe } from '../session/session-recipe.js';
import type { WheelEntry } from './timer-wheel.js';

/** The most sessions one tick starts; with 25 ms ticks, 40,000 a second per process. */
export const STARTS_PER_TICK = 1_000;

/** A retry waiting on the wheel for its backoff to pass. */
class Retry implements WheelEntry {
  wakeSlot = -1;

  constructor(
    readonly client: number,
    readonly attempt: number,
    /** Drops in a row behind this retry. */
    readonly failures: number,
    private readonly driver: OpenDriver,
  ) {}

  wake(now: number): void {
    this.driver.retryDue(this, now);
  }
}

export class OpenDriver implements ScenarioDriver {
  private readonly schedule: ArrivalSchedule;
  private readonly durationMs: number;
  private readonly cap: number;
  private nextIndex: number;
  private nextAt: number | undefined;
  /** Undecided sessions of this scenario, with the drops in a row behind each. */
  private readonly live = new Map<Session, number>();
  private readonly retries = new Set<Retry>();
  private ended = false;

  constructor(
    private readonly host: DriverHost,
    private readonly plan: OpenScenarioPlan,
    private readonly scenarioIndex: number,
    private readonly recipe: SessionRecipe,
  ) {
    this.schedule = new ArrivalSchedule(plan, host.random, scenarioIndex);
    this.durationMs = scenarioDurationMs(plan);
    this.cap = plan.maxVUs === null ? Infinity : shareOf(plan.maxVUs, host.shard);
    this.nextIndex = this.schedule.nextIndex;
    this.nextAt = this.schedule.next();
  }

  get finished(): boolean {
    return this.ended && this.live.size === 0;
  }

  tick(now: number): void {
    if (this.ended) return;
    const elapsed = now - this.host.startedAt - this.plan.startTimeMs;
    if (elapsed < 0) return;
    const { shard } = this.host;
    let started = 0;
    while (this.nextAt !== undefined && this.nextAt <= elapsed) {
      if (this.nextIndex % shard.count === shard.index) {
        // A tick that starts without bound never yields: SIGTERM and the metrics endpoint
        // wait, and memory grows with every socket. Past the budget an arrival is skipped,
        // as k6 drops an iteration it cannot start in time.
        if (started < STARTS_PER_TICK) {
          this.arrive(this.nextIndex, 0, 0, now);
          started += 1;
        } else this.host.arrivalSkipped();
      }
      this.nextIndex = this.schedule.nextIndex;
      this.nextAt = this.schedule.next();
    }
    if (elapsed >= this.durationMs) {
      // Sessions still open get gracefulStop to reach their lifetime.
      this.stop();
      for (const session of this.live.keys()) session.limitLifetime(now + this.plan.gracefulStopMs);
    }
  }

  stop(): void {
    this.ended = true;
    for (const retry of this.retries) this.host.wheel.cancel(retry);
    this.retries.clear();
  }

  retryDue(retry: Retry, now: number): void {
    this.retries.delete(retry);
    if (!this.ended) this.arrive(retry.client, retry.attempt, retry.failures, now);
  }

  sessionSettled(session: Session): void {
    const before = this.live.get(session) ?? 0;
    this.live.delete(session);
    const reconnect = this.recipe.plan.reconnect;
    if (this.ended || session.outcome!.kind !== 'dropped' || !reconnect) return;
    const failures = session.phase === 'streaming' ? 1 : before + 1;
    if (reconnect.maxAttempts !== null && failures > reconnect.maxAttempts) return;
    const attempt = session.attempt + 1;
    const retry = new Retry(session.client, attempt, failures, this);
    const delay = drawBackoff(
      reconnect,
      failures,
      this.host.random,
      this.scenarioIndex,
      session.client,
      attempt,
    );
    this.retries.add(retry);
    this.host.wheel.schedule(retry, Date.now() + delay);
  }

  private arrive(client: number, attempt: number, failures: number, now: number): void {
    if (this.live.size >= this.cap) {
      this.host.arrivalSkipped();
      return;
    }
    const lifetime = drawLifetime(
      this.recipe.plan.lifetime,
      this.host.random,
      this.scenarioIndex,
      client,
      attempt,
    );
    // Socket errors arrive on a later tick, so the session cannot settle before this set.
    const session = this.host.startSession(this, this.recipe, client, attempt, lifetime, now);
    this.live.set(session, failures);
  }
}
