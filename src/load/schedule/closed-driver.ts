// The closed model (ramping-vus, constant-vus): a number of VUs, each holding one
// session at a time and opening the next when it ends, ramped by the stages. After a
// drop a VU waits a jittered exponential backoff, or gives up if reconnect is off.

import { type DriverHost, type ScenarioDriver, firstOwned } from './driver.js';
import { drawBackoff, drawLifetime } from '../profile/lifetime.js';
import type { ClosedScenarioPlan } from '../profile/profile-types.js';
import { scenarioDurationMs, vusAt } from './schedule.js';
import type { Session } from '../session/session.js';
import type { SessionRecipe } from '../session/session-recipe.js';
import type { WheelEntry } from './timer-wheel.js';

/** One VU. It sits on the wheel while it waits to open its next session. */
class Vu implements WheelEntry {
  wakeSlot = -1;
  session: Session | null = null;
  sessions = 0;
  /** Drops in a row since the last session that reached streaming. */
  failures = 0;
  gaveUp = false;

  constructor(
    readonly id: number,
    private readonly driver: ClosedDriver,
  ) {}

  wake(now: number): void {
    this.driver.vuDue(this, now);
  }
}

export class ClosedDriver implements ScenarioDriver {
  private readonly vus = new Map<number, Vu>();
  private readonly durationMs: number;
  private wanted = 0;
  private live = 0;
  private ended = false;

  constructor(
    private readonly host: DriverHost,
    private readonly plan: ClosedScenarioPlan,
    private readonly scenarioIndex: number,
    private readonly recipe: SessionRecipe,
  ) {
    this.durationMs = scenarioDurationMs(plan);
  }

  get finished(): boolean {
    return this.ended && this.live === 0;
  }

  tick(now: number): void {
    if (this.ended) return;
    const elapsed = now - this.host.startedAt - this.plan.startTimeMs;
    if (elapsed < 0) return;
    if (elapsed >= this.durationMs) return this.end(now + this.plan.gracefulStopMs);
    const wanted = vusAt(this.plan, elapsed);
    if (wanted > this.wanted) {
      for (
        let id = firstOwned(this.wanted, this.host.shard);
        id < wanted;
        id += this.host.shard.count
      ) {
        const vu = this.vu(id);
        if (!vu.session && vu.wakeSlot === -1 && !vu.gaveUp) this.open(vu, now);
      }
    } else if (wanted < this.wanted) {
      // Ramp-down: these VUs open nothing new; their sessions get gracefulRampDown.
      for (
        let id = firstOwned(wanted, this.host.shard);
        id < this.wanted;
        id += this.host.shard.count
      ) {
        const vu = this.vus.get(id);
        if (!vu) continue;
        this.host.wheel.cancel(vu);
        vu.session?.limitLifetime(now + this.plan.gracefulRampDownMs);
      }
    }
    this.wanted = wanted;
  }

  stop(): void {
    this.ended = true;
    for (const vu of this.vus.values()) this.host.wheel.cancel(vu);
  }

  vuDue(vu: Vu, now: number): void {
    if (!this.ended && vu.id < this.wanted && !vu.session) this.open(vu, now);
  }

  sessionSettled(session: Session): void {
    this.live--;
    const vu = this.vus.get(session.client)!;
    vu.session = null;
    if (this.ended || vu.id >= this.wanted) return;
    const now = Date.now();
    const outcome = session.outcome!;
    if (outcome.kind !== 'dropped') {
      vu.failures = 0;
      this.host.wheel.schedule(vu, now);
      return;
    }
    const reconnect = this.recipe.plan.reconnect;
    vu.failures = session.phase === 'streaming' ? 1 : vu.failures + 1;
    if (!reconnect || (reconnect.maxAttempts !== null && vu.failures > reconnect.maxAttempts)) {
      vu.gaveUp = true;
      return;
    }
    const delay = drawBackoff(
      reconnect,
      vu.failures,
      this.host.random,
      this.scenarioIndex,
      vu.id,
      vu.sessions,
    );
    this.host.wheel.schedule(vu, now + delay);
  }

  private open(vu: Vu, now: number): void {
    const lifetime = drawLifetime(
      this.recipe.plan.lifetime,
      this.host.random,
      this.scenarioIndex,
      vu.id,
      vu.sessions,
    );
    this.live++;
    vu.session = this.host.startSession(this, this.recipe, vu.id, vu.sessions++, lifetime, now);
  }

  private end(limit: number): void {
    this.ended = true;
    for (const vu of this.vus.values()) {
      this.host.wheel.cancel(vu);
      vu.session?.limitLifetime(limit);
    }
  }

  private vu(id: number): Vu {
    let vu = this.vus.get(id);
    if (!vu) this.vus.set(id, (vu = new Vu(id, this)));
    return vu;
  }
}
