// normalizeProfile: every way of writing a profile (k6 `scenarios`, one scenario at the
// top level, the `vus`/`stages`/`rate` shortcuts) becomes one long form, with defaults
// filled in and conflicting fields rejected before anything connects.

import type { ZodIssue } from 'zod';
import { ProfileError, flattenIssues, formatPath, issueMessage, show } from './profile-errors.js';
import {
  scenarioSchema,
  sessionKeys,
  topLevelSchema,
  type ParsedScenario,
  type ParsedSession,
} from './profile-schema.js';
import { toSessionPlan } from './profile-session.js';
import { shortcutToScenario } from './profile-shortcuts.js';
import type { LoadProfile, ScenarioPlan } from './profile-types.js';
import { parseThresholds } from '../metrics/thresholds.js';

export const DEFAULT_SEED = 1;
/** Past this an arrival rate is a typo (1e9), not a load: it is refused before anything starts. */
export const MAX_ARRIVALS_PER_SECOND = 100_000;
const DEFAULT_GRACE_MS = 30_000; // k6's gracefulStop and gracefulRampDown
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
    if (key === 'scenarios' || key === 'thresholds') continue;
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
  const thresholds = parseThresholds(raw.thresholds, problems);
  if (problems.length > 0) throw new ProfileError(source, problems);
  return { source, seed: top?.seed ?? DEFAULT_SEED, scenarios: plans, thresholds };
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

function toPlan(
  name: string,
  path: (string | number)[],
  scenario: ParsedScenario,
  top: ParsedSession,
  uncapped: boolean,
  problems: string[],
): ScenarioPlan {
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
    case 'ramping-vus': {
      const stages = scenario.stages.map((s) => ({ durationMs: s.duration, target: s.target }));
      if (stages.every((s) => s.durationMs === 0)) problems.push(noTime(at('stages')));
      return {
        ...base,
        model: 'closed',
        startVUs: scenario.startVUs ?? 1,
        stages,
        gracefulRampDownMs: scenario.gracefulRampDown ?? DEFAULT_GRACE_MS,
      };
    }
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
      if (stages.every((s) => s.durationMs === 0)) problems.push(noTime(at('stages')));
      const timeUnitMs = scenario.timeUnit ?? 1_000;
      const fastest = Math.max(startRate, ...stages.map((s) => s.target));
      if (timeUnitMs > 0 && (fastest * 1_000) / timeUnitMs > MAX_ARRIVALS_PER_SECOND) {
        const field = scenario.executor === 'constant-arrival-rate' ? 'rate' : 'stages';
        problems.push(
          `${at(field)}: expected at most ${MAX_ARRIVALS_PER_SECOND} new sessions a second (a rate past that only fills memory with arrivals the generator must skip), got ${fastest} per ${timeUnitMs} ms`,
        );
      }
      return {
        ...base,
        model: 'open',
        startRate,
        timeUnitMs,
        stages,
        preAllocatedVUs: scenario.preAllocatedVUs,
        maxVUs,
        arrivals: scenario.arrivals ?? 'even',
      };
    }
  }
}

function noTime(at: string): string {
  return `${at}: expected stages that add up to some time, got durations of 0 only`;
}
