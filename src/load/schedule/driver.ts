// What a scenario driver (closed or open model) needs from the run, and what the run
// needs from it. One driver per scenario per worker.

import type { SeededRandom } from './random.js';
import type { Session, SessionDriver } from '../session/session.js';
import type { SessionRecipe } from '../session/session-recipe.js';
import type { TimerWheel } from './timer-wheel.js';

/** This worker's share of a run: VUs and arrivals whose number % count === index. */
export interface ShardSpec {
  index: number;
  count: number;
}

export interface DriverHost {
  readonly wheel: TimerWheel;
  readonly random: SeededRandom;
  readonly shard: ShardSpec;
  /** When the run started (ms since epoch); scenario times count from here. */
  readonly startedAt: number;
  startSession(
    driver: SessionDriver,
    recipe: SessionRecipe,
    client: number,
    attempt: number,
    lifetimeMs: number,
    now: number,
  ): Session;
  arrivalSkipped(): void;
}

export interface ScenarioDriver extends SessionDriver {
  /** Called on every run tick: start what is due. */
  tick(now: number): void;
  /** No more sessions from this scenario (stop() was called). */
  stop(): void;
  /** The scenario is over and none of its sessions is still undecided. */
  readonly finished: boolean;
}

/** The first number ≥ from that belongs to this shard. */
export function firstOwned(from: number, shard: ShardSpec): number {
  const offset = (((shard.index - from) % shard.count) + shard.count) % shard.count;
  return from + offset;
}

/** This shard's part of a cap shared by all shards (maxVUs). */
export function shareOf(total: number, shard: ShardSpec): number {
  return Math.floor(total / shard.count) + (shard.index < total % shard.count ? 1 : 0);
}
