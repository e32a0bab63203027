// The session half of a profile: our own fields (lifetime, heartbeats, timeouts,
// credentials, reconnect) with defaults filled in and checked against each other.

import { formatDuration } from './duration.js';
import { formatPath } from './profile-errors.js';
import type { ParsedScenario, ParsedSession } from './profile-schema.js';
import type { LifetimePlan, ReconnectPlan, SessionPlan } from './profile-types.js';

const DEFAULT_RECONNECT: ReconnectPlan = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  multiplier: 2,
  jitter: 0.5,
  maxAttempts: null,
};
const DEFAULT_SESSION = {
  lifetimeMs: 30_000,
  heartbeatIntervalMs: 15_000, // PROTOCOL.md: the client heartbeats every 15 s
  pongTimeoutMs: 5_000,
  connectTimeoutMs: 5_000,
  handshakeTimeoutMs: 10_000, // the server's own auth timeout
  dataStallAfter: 5,
  clientId: 'chaos-load',
  symbols: [] as string[],
};
/** An exponential lifetime without `max` is cut at this many means, so every session ends. */
const EXPONENTIAL_CUT = 10;

export function toSessionPlan(
  scenario: ParsedScenario,
  top: ParsedSession,
  open: boolean,
  path: (string | number)[],
  problems: string[],
): SessionPlan {
  // A scenario's own field wins over the profile's; the error names whichever was used.
  const pick = <K extends keyof ParsedSession>(key: K): { value: ParsedSession[K]; at: string } =>
    (scenario as ParsedSession)[key] !== undefined
      ? { value: (scenario as ParsedSession)[key], at: formatPath([...path, key]) }
      : { value: top[key], at: formatPath([key]) };

  const heartbeat = pick('heartbeatInterval');
  const heartbeatIntervalMs =
    heartbeat.value === false || heartbeat.value === 'off'
      ? 0
      : (heartbeat.value ?? DEFAULT_SESSION.heartbeatIntervalMs);
  const pong = pick('pongTimeout');
  const pongTimeoutMs = pong.value ?? DEFAULT_SESSION.pongTimeoutMs;
  if (heartbeatIntervalMs > 0 && pongTimeoutMs >= heartbeatIntervalMs) {
    problems.push(
      `${pong.at}: expected a timeout shorter than heartbeatInterval (${formatDuration(heartbeatIntervalMs)}), got "${formatDuration(pongTimeoutMs)}"`,
    );
  }

  const lifetime = pick('lifetime');
  const reconnect = pick('reconnect');
  const credentials = pick('credentials').value;
  return {
    lifetime: toLifetimePlan(lifetime.value, lifetime.at, problems),
    heartbeatIntervalMs,
    serverHeartbeatIntervalMs: pick('serverHeartbeatInterval').value ?? null,
    pongTimeoutMs,
    connectTimeoutMs: pick('connectTimeout').value ?? DEFAULT_SESSION.connectTimeoutMs,
    handshakeTimeoutMs: pick('handshakeTimeout').value ?? DEFAULT_SESSION.handshakeTimeoutMs,
    dataStallAfter: pick('dataStallAfter').value ?? DEFAULT_SESSION.dataStallAfter,
    credentials: { username: credentials?.username ?? '', password: credentials?.password ?? '' },
    clientId: pick('clientId').value ?? DEFAULT_SESSION.clientId,
    symbols: pick('symbols').value ?? DEFAULT_SESSION.symbols,
    mode: pick('mode').value ?? 'SECOND',
    reconnect: toReconnectPlan(reconnect.value, open, reconnect.at, problems),
  };
}

function toLifetimePlan(
  value: ParsedSession['lifetime'],
  at: string,
  problems: string[],
): LifetimePlan {
  if (value === undefined) return { kind: 'fixed', durationMs: DEFAULT_SESSION.lifetimeMs };
  switch (value.kind) {
    case 'fixed':
      return {
        kind: 'fixed',
        durationMs: 'durationMs' in value ? value.durationMs : value.duration,
      };
    case 'uniform':
      if (value.min > value.max) {
        problems.push(
          `${at}.min: expected at most max (${formatDuration(value.max)}), got "${formatDuration(value.min)}"`,
        );
      }
      return { kind: 'uniform', minMs: value.min, maxMs: value.max };
    case 'exponential': {
      const maxMs = value.max ?? value.mean * EXPONENTIAL_CUT;
      if (maxMs < value.mean) {
        problems.push(
          `${at}.max: expected at least mean (${formatDuration(value.mean)}), got "${formatDuration(maxMs)}"`,
        );
      }
      return { kind: 'exponential', meanMs: value.mean, maxMs };
    }
  }
}

function toReconnectPlan(
  value: ParsedSession['reconnect'],
  open: boolean,
  at: string,
  problems: string[],
): ReconnectPlan | null {
  if (value === false) return null;
  if (value === undefined) return open ? null : DEFAULT_RECONNECT;
  const plan: ReconnectPlan = {
    initialDelayMs: value.initialDelay ?? DEFAULT_RECONNECT.initialDelayMs,
    maxDelayMs: value.maxDelay ?? DEFAULT_RECONNECT.maxDelayMs,
    multiplier: value.multiplier ?? DEFAULT_RECONNECT.multiplier,
    jitter: value.jitter ?? DEFAULT_RECONNECT.jitter,
    maxAttempts: value.maxAttempts ?? null,
  };
  if (plan.initialDelayMs > plan.maxDelayMs) {
    problems.push(
      `${at}.initialDelay: expected at most maxDelay (${formatDuration(plan.maxDelayMs)}), got "${formatDuration(plan.initialDelayMs)}"`,
    );
  }
  return plan;
}
