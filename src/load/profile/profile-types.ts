// Load profiles. The input shapes are k6's own `Scenario` types (k6/options, from
// @types/k6), narrowed to the fields that mean something here, so a k6 user reads them
// at a glance and tsc holds them to k6's; our own session fields sit beside them. Every input
// normalises (profile.ts) into one long form, `LoadProfile`, which is plain data that
// can be sent to a worker process.

import type * as K6 from 'k6/options';
import type { Threshold } from '../metrics/thresholds.js';

// ---- Input: what a profile file, a scenario file or the CLI writes ----

/** k6 `Stage`: ramp linearly to `target` (VUs, or arrivals per timeUnit) over `duration`. */
export type Stage = K6.Stage;

export type ExecutorName = Scenario['executor'];

/** How long a session is held before the client closes it. A bare string is `fixed`. */
export type LifetimeInput =
  | string
  | { kind: 'fixed'; duration: string }
  | { kind: 'uniform'; min: string; max: string }
  | { kind: 'exponential'; mean: string; max?: string };

export interface ReconnectInput {
  /** First delay after a drop (default 250ms); doubles (`multiplier`) per consecutive drop. */
  initialDelay?: string;
  maxDelay?: string;
  multiplier?: number;
  /** Fraction of each delay drawn at random, 0..1 (default 0.5). */
  jitter?: number;
  /** Retries after a drop; omit for no limit. */
  maxAttempts?: number;
}

/** Our own fields: allowed at the top level (defaults) and in each scenario (overrides). */
export interface SessionOptions {
  lifetime?: LifetimeInput;
  /** Client HEARTBEAT interval; `false` or "off" sends none (the server's timeout then fires). */
  heartbeatInterval?: string | false;
  /** A PONG must arrive this long after its HEARTBEAT; shorter than heartbeatInterval. */
  pongTimeout?: string;
  /**
   * The heartbeat interval the server expects (TickStorm's HEARTBEAT_INTERVAL, 15 s by
   * default; a drill fills it in from its target): no HEARTBEAT goes sooner than half of it
   * after the AUTH ACK or the one before, which the published server logs as flooding.
   */
  serverHeartbeatInterval?: string;
  connectTimeout?: string;
  /** Bound on each of AUTH→ACK and SUBSCRIBE→ACK. */
  handshakeTimeout?: string;
  /** No DATA_BATCH for this many of the mode's cadences is a `data_stall`. */
  dataStallAfter?: number;
  credentials?: { username?: string; password?: string };
  clientId?: string;
  symbols?: string[];
  mode?: 'SECOND' | 'MINUTE';
  /** Closed model: a VU's delay before its next session after a drop (`false`: the VU gives up).
   *  Open model: retry a dropped arrival (off unless given). */
  reconnect?: ReconnectInput | false;
}

/** k6's fields every executor shares here (`exec`, `env`, `tags`, `options` mean nothing to a TickStorm client). */
type Common = 'executor' | 'startTime' | 'gracefulStop';

export type ConstantVUsScenario = Pick<K6.ConstantVUsScenario, Common | 'vus' | 'duration'> &
  SessionOptions;

export type RampingVUsScenario = Pick<
  K6.RampingVUsScenario,
  Common | 'stages' | 'startVUs' | 'gracefulRampDown'
> &
  SessionOptions;

interface ArrivalRateOptions {
  /** `even` spacing as k6 does, or `poisson` with seeded exponential gaps. */
  arrivals?: 'even' | 'poisson';
}

export type ConstantArrivalRateScenario = Pick<
  K6.ConstantArrivalRateScenario,
  Common | 'duration' | 'rate' | 'timeUnit' | 'preAllocatedVUs' | 'maxVUs'
> &
  SessionOptions &
  ArrivalRateOptions;

export type RampingArrivalRateScenario = Pick<
  K6.RampingArrivalRateScenario,
  Common | 'maxVUs' | 'stages' | 'startRate' | 'timeUnit' | 'preAllocatedVUs'
> &
  SessionOptions &
  ArrivalRateOptions;

export type Scenario =
  | ConstantVUsScenario
  | RampingVUsScenario
  | ConstantArrivalRateScenario
  | RampingArrivalRateScenario;

/**
 * A whole profile: k6-style `scenarios`, or one scenario's fields at the top level,
 * or a shortcut (`vus`+`duration`, `stages`, `rate`+`duration`, `startRate`+`stages`).
 */
export interface ProfileInput extends SessionOptions, ArrivalRateOptions {
  seed?: number;
  /** k6-style pass/fail criteria: metric → expressions (thresholds.ts). */
  thresholds?: Record<string, string[]>;
  scenarios?: Record<string, Scenario>;
  executor?: ExecutorName;
  vus?: number;
  duration?: string;
  stages?: Stage[];
  startVUs?: number;
  rate?: number;
  startRate?: number;
  timeUnit?: string;
  preAllocatedVUs?: number;
  maxVUs?: number;
  startTime?: string;
  gracefulStop?: string;
  gracefulRampDown?: string;
}

// ---- Long form: what the generator runs ----

export interface StagePlan {
  durationMs: number;
  target: number;
}

export type LifetimePlan =
  | { kind: 'fixed'; durationMs: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; meanMs: number; maxMs: number };

export interface ReconnectPlan {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  jitter: number;
  /** null: no limit. */
  maxAttempts: number | null;
}

export interface SessionPlan {
  lifetime: LifetimePlan;
  /** 0: the client sends no heartbeats. */
  heartbeatIntervalMs: number;
  /** The server's expected interval: heartbeats are never closer than half of it; null: not known. */
  serverHeartbeatIntervalMs: number | null;
  pongTimeoutMs: number;
  connectTimeoutMs: number;
  handshakeTimeoutMs: number;
  dataStallAfter: number;
  credentials: { username: string; password: string };
  clientId: string;
  symbols: string[];
  mode: 'SECOND' | 'MINUTE';
  /** null: no reconnect (open model) or the VU gives up after a drop (closed model). */
  reconnect: ReconnectPlan | null;
}

interface ScenarioPlanBase {
  name: string;
  /** The executor as written, kept for display; `model` says how it runs. */
  executor: ExecutorName;
  startTimeMs: number;
  gracefulStopMs: number;
  stages: StagePlan[];
  session: SessionPlan;
}

/** Closed model: a number of VUs, each holding one session at a time, ramped by stages. */
export interface ClosedScenarioPlan extends ScenarioPlanBase {
  model: 'closed';
  startVUs: number;
  gracefulRampDownMs: number;
}

/** Open model: new sessions arrive at a rate (per timeUnit) ramped by stages. */
export interface OpenScenarioPlan extends ScenarioPlanBase {
  model: 'open';
  startRate: number;
  timeUnitMs: number;
  preAllocatedVUs: number;
  /** At most this many sessions of the scenario at once; arrivals past it are skipped
   *  (k6's dropped iterations). null: no cap. */
  maxVUs: number | null;
  arrivals: 'even' | 'poisson';
}

export type ScenarioPlan = ClosedScenarioPlan | OpenScenarioPlan;

export interface LoadProfile {
  /** Where the profile came from (a file path, `flags`, a scenario file). */
  source: string;
  seed: number;
  scenarios: ScenarioPlan[];
  /** As the profile wrote them; the defaults are added when the run is judged. */
  thresholds: Threshold[];
}
