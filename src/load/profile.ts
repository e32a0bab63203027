// normalizeProfile: every way of writing a profile (k6 `scenarios`, one scenario at the
// top level, the `vus`/`stages`/`rate` shortcuts) becomes one long form, with defaults
// filled in and conflicting fields rejected before anything connects.

import type { ZodIssue } from 'zod';
import { formatDuration } from './duration.js';
import { ProfileError, flattenIssues, formatPath, issueMessage, show } from './profile-errors.js';
import {
  scenarioSchema,
  sessionKeys,
  topLevelSchema,
  type ParsedScenario,
  type ParsedSession,
} from './profile-schema.js';
import type {
  ExecutorName,
  LifetimePlan,
  LoadProfile,
  ReconnectPlan,
  ScenarioPlan,
  SessionPlan,
} from './profile-types.js';

export const DEFAULT_SEED = 1;
const DEFAULT_GRACE_MS = 30_000; // k6's gracefulStop and gracefulRampDown
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

const SHORTCUT_HINT =
  'expected a scenario: vus+duration, stages, rate+duration, startRate+stages, an executor, or scenarios';

type Fields = Record<string, unknown>;

export function normalizeProfile(input: unknown, source: string): LoadProfile {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ProfileError(source, [
      `expected a profile object with a scenario (vus+duration, stages, rate+duration, startRate+stages, an executor, or scenarios), got ${show(input)}`,
    ]);
  }
  const problems: string[] = [];
  const raw = input as Fields;
  const topFields: Fields = {};
  const scenarioFields: Fields = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'scenarios') continue;
    (key === 'seed' || sessionKeys.includes(key) ? topFields : scenarioFields)[key] = value;
  }

  const top = parse(topLevelSchema, topFields, raw, [], problems);
  const scenarios: {
    name: string;
    path: (string | number)[];
    parsed: ParsedScenario;
    uncapped: boolean;
  }[] = [];

  if (raw.scenarios !== undefined) {
    const stray = Object.keys(scenarioFields);
    if (stray.length > 0) {
      problems.push(
        `${stray.map((k) => `"${k}"`).join(', ')} cannot sit beside "scenarios": move ${stray.length > 1 ? 'them' : 'it'} into a scenario`,
      );
    }
    const named = raw.scenarios;
    if (
      named === null ||
      typeof named !== 'object' ||
      Array.isArray(named) ||
      Object.keys(named).length === 0
    ) {
      problems.push(`scenarios: expected an object of named scenarios, got ${show(named)}`);
    } else {
      for (const [name, scenario] of Object.entries(named as Fields)) {
        const path = ['scenarios', name];
        const parsed = parse(scenarioSchema, scenario, raw, path, problems);
        if (parsed) scenarios.push({ name, path, parsed, uncapped: false });
      }
    }
  } else {
    const shaped = shortcutToScenario(scenarioFields, problems);
    if (shaped) {
      const parsed = parse(scenarioSchema, shaped.scenario, shaped.scenario, [], problems);
      if (parsed) scenarios.push({ name: 'default', path: [], parsed, uncapped: shaped.uncapped });
    }
  }

  const plans: ScenarioPlan[] = [];
  if (top) {
    for (const { name, path, parsed, uncapped } of scenarios) {
      const plan = toPlan(name, path, parsed, top, uncapped, problems);
      if (plan) plans.push(plan);
    }
  }
  if (problems.length > 0) throw new ProfileError(source, problems);
  return { source, seed: top?.seed ?? DEFAULT_SEED, scenarios: plans };
}

function parse<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ZodIssue[] } };
  },
  value: unknown,
  root: unknown,
  prefix: (string | number)[],
  problems: string[],
): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of flattenIssues(result.error.issues)) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      // Name each stray field by its own path; say whose field list it is not in.
      const owner = valueAt(root, path) as Fields | undefined;
      const whose = owner?.executor !== undefined ? ` of executor ${show(owner.executor)}` : '';
      for (const key of issue.keys)
        problems.push(`${formatPath([...path, key])}: not a field${whose}`);
      continue;
    }
    problems.push(`${formatPath(path)}: ${issueMessage({ ...issue, path }, root)}`);
  }
  return undefined;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const part of path) value = (value as Record<string | number, unknown> | undefined)?.[part];
  return value;
}

/** k6's shortcuts (and our `rate` ones) mapped onto an executor; conflicts rejected. */
function shortcutToScenario(
  fields: Fields,
  problems: string[],
): { scenario: Fields; uncapped: boolean } | undefined {
  if ('executor' in fields) return { scenario: fields, uncapped: false };
  const has = (key: string) => fields[key] !== undefined;
  const conflict = (a: string, b: string, why: string) => {
    if (has(a) && has(b)) problems.push(`"${a}" and "${b}" conflict: ${why}`);
    return has(a) && has(b);
  };
  const closedOnly = ['vus', 'startVUs', 'gracefulRampDown'];
  const openOnly = ['timeUnit', 'preAllocatedVUs', 'maxVUs', 'arrivals'];

  let executor: ExecutorName;
  if (has('rate') || has('startRate')) {
    if (
      conflict(
        'rate',
        'startRate',
        'write rate+duration for a constant rate, or startRate+stages to ramp',
      )
    )
      return;
    if (conflict('rate', 'stages', 'for a ramping arrival rate write startRate and stages')) return;
    if (
      conflict('startRate', 'duration', 'a ramping arrival rate takes its duration from its stages')
    )
      return;
    const closed = closedOnly.filter(has);
    if (closed.length > 0) {
      problems.push(
        `"${closed[0]}" belongs to the closed model; an arrival rate uses preAllocatedVUs and maxVUs`,
      );
      return;
    }
    executor = has('rate') ? 'constant-arrival-rate' : 'ramping-arrival-rate';
  } else if (has('stages') || has('vus') || has('duration')) {
    if (conflict('stages', 'duration', 'the stages already set the duration (k6 rejects this too)'))
      return;
    if (conflict('vus', 'startVUs', 'with stages, "vus" is the starting VU count; give only one'))
      return;
    const open = openOnly.filter(has);
    if (open.length > 0) {
      problems.push(
        `"${open[0]}" belongs to an arrival-rate scenario; add "rate" or "startRate", or drop it`,
      );
      return;
    }
    executor = has('stages') ? 'ramping-vus' : 'constant-vus';
  } else {
    problems.push(SHORTCUT_HINT);
    return;
  }

  const scenario: Fields = { executor, ...fields };
  if (executor === 'ramping-vus' && has('vus')) {
    scenario.startVUs = fields.vus;
    delete scenario.vus;
  }
  // The `rate` shortcut has no VU pool unless one is given: no cap on concurrent sessions.
  const uncapped = executor.endsWith('arrival-rate') && !has('preAllocatedVUs') && !has('maxVUs');
  if (uncapped) scenario.preAllocatedVUs = 0;
  return { scenario, uncapped };
}

function toPlan(
  name: string,
  path: (string | number)[],
  scenario: ParsedScenario,
  top: ParsedSession,
  uncapped: boolean,
  problems: string[],
): ScenarioPlan | undefined {
  const at = (field: string) => formatPath([...path, field]);
  const open = scenario.executor.endsWith('arrival-rate');
  const session = toSessionPlan(scenario, top, open, path, problems);
  const base = {
    name,
    executor: scenario.executor,
    startTimeMs: scenario.startTime ?? 0,
    gracefulStopMs: scenario.gracefulStop ?? DEFAULT_GRACE_MS,
    session,
  };
  switch (scenario.executor) {
    case 'constant-vus': {
      const vus = scenario.vus ?? 1;
      return {
        ...base,
        model: 'closed',
        startVUs: vus,
        stages: [{ durationMs: scenario.duration, target: vus }],
        gracefulRampDownMs: DEFAULT_GRACE_MS,
      };
    }
    case 'ramping-vus':
      return {
        ...base,
        model: 'closed',
        startVUs: scenario.startVUs ?? 1,
        stages: scenario.stages.map((s) => ({ durationMs: s.duration, target: s.target })),
        gracefulRampDownMs: scenario.gracefulRampDown ?? DEFAULT_GRACE_MS,
      };
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      const stages =
        scenario.executor === 'constant-arrival-rate'
          ? [{ durationMs: scenario.duration, target: scenario.rate }]
          : scenario.stages.map((s) => ({ durationMs: s.duration, target: s.target }));
      const startRate =
        scenario.executor === 'constant-arrival-rate' ? scenario.rate : (scenario.startRate ?? 0);
      const maxVUs = uncapped ? null : (scenario.maxVUs ?? scenario.preAllocatedVUs);
      if (maxVUs !== null && maxVUs < scenario.preAllocatedVUs) {
        problems.push(
          `${at('maxVUs')}: expected at least preAllocatedVUs (${scenario.preAllocatedVUs}), got ${maxVUs}`,
        );
      }
      if (stages.every((s) => s.durationMs === 0))
        problems.push(`${at('stages')}: the stages add up to no time`);
      return {
        ...base,
        model: 'open',
        startRate,
        timeUnitMs: scenario.timeUnit ?? 1_000,
        stages,
        preAllocatedVUs: scenario.preAllocatedVUs,
        maxVUs,
        arrivals: scenario.arrivals ?? 'even',
      };
    }
  }
}

function toSessionPlan(
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
