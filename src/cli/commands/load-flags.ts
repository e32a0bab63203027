// `chaos load` inline flags → a profile object in the same shape a profile file has,
// so both go through normalizeProfile. Only the spellings that have no JSON form
// ("10s..1m", "30s:100,1m:0") are parsed here.

import { UsageError } from '../usage-error.js';

/** Flag name for each profile field, so errors name what the user typed. */
export const flagOfField: Record<string, string> = {
  vus: '--vus',
  duration: '--duration',
  stages: '--stages',
  rate: '--rate',
  startRate: '--start-rate',
  timeUnit: '--time-unit',
  preAllocatedVUs: '--pre-allocated-vus',
  maxVUs: '--max-vus',
  arrivals: '--arrivals',
  gracefulStop: '--graceful-stop',
  lifetime: '--lifetime',
  heartbeatInterval: '--heartbeat-interval',
  pongTimeout: '--pong-timeout',
  serverHeartbeatInterval: '--server-heartbeat-interval',
  connectTimeout: '--connect-timeout',
  handshakeTimeout: '--handshake-timeout',
  dataStallAfter: '--data-stall-after',
  credentials: '--user/--password',
  clientId: '--client-id',
  symbols: '--symbols',
  mode: '--mode',
  reconnect: '--reconnect',
  seed: '--seed',
  thresholds: '--threshold',
};

/** Fields that shape the scenario; they cannot be mixed with --profile. */
export const SHAPE_FIELDS = [
  'vus',
  'duration',
  'stages',
  'rate',
  'startRate',
  'timeUnit',
  'preAllocatedVUs',
  'maxVUs',
  'arrivals',
  'gracefulStop',
];

const NUMERIC = new Set([
  'vus',
  'rate',
  'startRate',
  'preAllocatedVUs',
  'maxVUs',
  'dataStallAfter',
  'seed',
]);
const PLAIN = [
  'duration',
  'timeUnit',
  'arrivals',
  'gracefulStop',
  'heartbeatInterval',
  'pongTimeout',
  'serverHeartbeatInterval',
  'connectTimeout',
  'handshakeTimeout',
  'clientId',
  'mode',
];

/** A number when it reads as one; otherwise the text, so validation can say what it got. */
function numberOrText(text: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}

/** "30s" fixed, "10s..1m" uniform, "exp:30s" or "exp:30s..5m" exponential. */
export function parseLifetimeFlag(text: string): unknown {
  const exponential = /^exp:([^.]+)(?:\.\.(.+))?$/.exec(text);
  if (exponential)
    return {
      kind: 'exponential',
      mean: exponential[1],
      ...(exponential[2] ? { max: exponential[2] } : {}),
    };
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range) return { kind: 'uniform', min: range[1], max: range[2] };
  return text;
}

/** "10s:100,1m:100,10s:0" → k6 stages. */
export function parseStagesFlag(text: string): unknown {
  return text.split(',').map((pair) => {
    const match = /^\s*([^:\s]+)\s*:\s*(\S+)\s*$/.exec(pair);
    if (!match)
      throw new UsageError(
        `--stages: expected duration:target pairs like "30s:100,1m:0", got ${JSON.stringify(text)}`,
      );
    return { duration: match[1], target: numberOrText(match[2]!) };
  });
}

/** Each "metric:expression" → k6's `thresholds` object (metric → expressions). */
export function parseThresholdFlags(values: readonly string[]): Record<string, string[]> {
  // A Map, not an object: `__proto__:…` or `toString:…` must reach validation as an
  // unknown metric name, not as the object's prototype or one of its methods.
  const thresholds = new Map<string, string[]>();
  for (const value of values) {
    const match = /^\s*([A-Za-z_]+)\s*:\s*(.+)$/.exec(value);
    if (!match)
      throw new UsageError(
        `--threshold: expected metric:expression like "session_drop_rate:rate<0.01", got ${JSON.stringify(value)}`,
      );
    const list = thresholds.get(match[1]!) ?? [];
    thresholds.set(match[1]!, [...list, match[2]!]);
  }
  return Object.fromEntries(thresholds);
}

/** "off", "on", or "<initialDelay>..<maxDelay>". */
export function parseReconnectFlag(text: string): unknown {
  if (text === 'off') return false;
  if (text === 'on') return {};
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range) return { initialDelay: range[1], maxDelay: range[2] };
  throw new UsageError(
    `--reconnect: expected off, on, or a delay range like "250ms..10s", got ${JSON.stringify(text)}`,
  );
}

/** The profile fields the flags set (absent flags set nothing). */
export function profileFromFlags(flags: Record<string, unknown>): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  const text = (field: string): string | undefined => {
    const value = flags[flagOfField[field]!.slice(2)];
    return value === undefined ? undefined : String(value);
  };
  for (const field of NUMERIC) {
    const value = text(field);
    if (value !== undefined) profile[field] = numberOrText(value);
  }
  for (const field of PLAIN) {
    const value = text(field);
    if (value !== undefined) profile[field] = value;
  }
  const stages = text('stages');
  if (stages !== undefined) profile.stages = parseStagesFlag(stages);
  const lifetime = text('lifetime');
  if (lifetime !== undefined) profile.lifetime = parseLifetimeFlag(lifetime);
  const reconnect = text('reconnect');
  if (reconnect !== undefined) profile.reconnect = parseReconnectFlag(reconnect);
  const symbols = text('symbols');
  if (symbols !== undefined)
    profile.symbols = symbols
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const thresholds = flags.threshold;
  if (thresholds !== undefined) {
    const values = (Array.isArray(thresholds) ? thresholds : [thresholds]).map(String);
    profile.thresholds = parseThresholdFlags(values);
  }
  const user = flags.user === undefined ? undefined : String(flags.user);
  const password = flags.password === undefined ? undefined : String(flags.password);
  if (user !== undefined || password !== undefined) {
    profile.credentials = {
      ...(user !== undefined ? { username: user } : {}),
      ...(password !== undefined ? { password } : {}),
    };
  }
  return profile;
}

/** "pongTimeout: expected …" → "--pong-timeout: expected …" */
export function nameFlagInProblem(problem: string): string {
  if (problem.startsWith('thresholds.'))
    return `--threshold ${problem.slice('thresholds.'.length)}`;
  return problem.replace(/^([A-Za-z]+)(?=[:.[])/, (field) => flagOfField[field] ?? field);
}
