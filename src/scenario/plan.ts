// The plan: a validated scenario at the chosen time scale, with every bound derived
// from the alert rule's own windows (never from guesses), and every query scaled.

import { ProfileError } from '../load/profile/profile-errors.js';
import { normalizeProfile } from '../load/profile/profile.js';
import type { Credentials } from '../load/profile/credentials-env.js';
import type { LoadProfile } from '../load/profile/profile-types.js';
import { formatDuration, parseDuration } from '../prom/promql/duration.js';
import { largestRangeWindowMs } from '../prom/promql/range-windows.js';
import { stripFinalComparison } from '../prom/promql/final-comparison.js';
import { scaleExpression } from '../prom/promql/scale.js';
import { withWindow } from '../prom/promql/window-template.js';
import {
  findAlert,
  loadRulesFile,
  RulesFileError,
  type RuleSpec,
  type RulesFile,
} from '../prom/rules-file.js';
import { scaleRules } from '../prom/rules-scale.js';
import {
  TARGET_PROFILES,
  tickstormReference,
  tickstormReferenceAsPublished,
  type TargetProfile,
  type TargetProfileName,
} from '../tickstorm/target-profile.js';
import { parsePublishedBehaviours } from '../tickstorm/published-behaviours.js';
import { parseGoDuration } from '../tickstorm/go-units.js';
import { FaultRegistry } from '../faults/fault-registry.js';
import { FaultHost } from '../faults/user-kind-host-process.js';
import { hostedFaultKind } from '../faults/user-kind-proxy.js';
import type { ScenarioInput } from './define-scenario.js';
import { planStopConditions, type PlannedStopCondition } from './plan-stop-conditions.js';
import type { LoadedScenario } from './load-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { displayPath, resolveProjectFile } from './scenario-files.js';
import { scaleLoadProfile } from './scale-load.js';
import type { TimeProfile } from './time-profile.js';
import { planPage, type PagePlan } from './plan-page.js';
import { timeScaleProblems } from './time-scale-limits.js';

/** Prometheus evaluates rule groups without `interval` at the global default, 1m. */
const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

export interface ResolvedAlert {
  name: string;
  /** The drop-rate percentage the alert, the baseline and the verification judge against. */
  threshold: number;
  file: string;
  shownAs: string;
  rule: RuleSpec;
  /** The rules file at the drill's time scale. */
  scaledText: string;
}

export interface DrillPlan {
  scenario: ScenarioInput;
  /** The fault kinds this drill can use: the built-ins and the scenario's own. */
  faults: FaultRegistry;
  file: string;
  shownAs: string;
  time: TimeProfile;
  seed: number | undefined;
  /**
   * The alert, resolved once from the rules file (`--rules` or the scenario's): its name,
   * threshold and rule, and the whole file scaled to the drill's time, as Prometheus loads it.
   */
  alert: ResolvedAlert;
  /** What the drill knows about its target: metric names, and what absent series mean. */
  target: TargetProfile;
  /** Everything below is at the drill's time scale. */
  ruleWindowMs: number;
  forMs: number;
  evaluationIntervalMs: number;
  scrapeIntervalMs: number;
  baselineMs: number;
  expectWithinMs: number;
  verifyWithinMs: number;
  /**
   * The verification query's largest range window, scaled (the rule's window when it has
   * none): a pass counts only once that window holds nothing from before the remediation.
   */
  verifyWindowMs: number;
  /** Baseline + `for` + one evaluation + one window for the rate to decay. */
  theoreticalMinimumMs: number;
  minConnectionsPerWindow: number;
  queries: {
    alert: string;
    dropRate: string;
    clientDropRate: string;
    verify: string;
    traffic: string;
    /** The target's own drops by reason over the rule window, so each server-counted drop has a name. */
    serverDropsByReason: string;
    /** For the runbook's first minutes: drops by reason per second, open connections, median duration. */
    dropRateByReason: string;
    activeConnections: string;
    medianDuration: string;
    /** One series per running instance of the target. */
    instances: string;
  };
  load: LoadProfile;
  /** Given to the local reference target (by environment, never argv); null: none set. */
  credentials: Credentials | null;
  /** AS_PUBLISHED for the local reference target, from `--as-published`; null: the scenario's. */
  asPublished: string | null;
  /** The page the alert must become; null when the scenario states none. */
  page: PagePlan | null;
  /** The scenario's stop conditions, then `--stop-when`'s: the drill aborts when one holds. */
  stopWhen: PlannedStopCondition[];
}

export interface PlanOptions {
  time: TimeProfile;
  /** `--user/--password` or the environment: win over the scenario's and its load's. */
  credentials?: Credentials;
  /** `--as-published`: the local reference target behaves as the published server (AS_PUBLISHED). */
  asPublished?: string;
  /**
   * Set only for a target the drill did not start (`--target-profile`): what it reads and
   * handles. Without it the drill starts the reference target, which reads its own
   * settings, or the published ones it knows with `published-settings`.
   */
  targetProfile?: TargetProfileName;
  /** `--rules FILE`: replaces the scenario's rules file. */
  rules?: string;
  /** `--alertmanager-config FILE`: replaces the scenario's page.alertmanagerConfig. */
  alertmanagerConfig?: string;
  /** `--page-receiver NAME`: the receiver the page must reach (else the scenario's, or the config's route). */
  pageReceiver?: string;
  seed?: number;
  /** `--stop-when PROMQL` (repeatable): added to the scenario's stop conditions. */
  stopWhen?: string[];
}

const scaled = (ms: number, factor: number) => Math.max(1, Math.round(ms * factor));

export async function planDrill(loaded: LoadedScenario, options: PlanOptions): Promise<DrillPlan> {
  const { scenario, shownAs } = loaded;
  const factor = options.time.timeScale;
  const rulesFile = options.rules
    ? resolveFromCwd(options.rules)
    : resolveProjectFile(scenario.alert.rules);
  const rulesShown = displayPath(rulesFile);

  let rule: RuleSpec;
  let rules: RulesFile;
  let groupInterval: string | undefined;
  try {
    rules = await loadRulesFile(rulesFile);
    rule = findAlert(rules, scenario.alert.name);
    groupInterval = rules.groups.find((g) => g.name === rule.group)?.interval;
  } catch (error) {
    if (error instanceof RulesFileError)
      throw rulesFileProblems(error, rulesShown, options.rules ? null : shownAs);
    throw error;
  }
  // The threshold is said three times (scenario, rule, verification); they must agree,
  // or baseline and verify would judge against a number the alert does not use.
  const ruleThreshold = stripFinalComparison(rule.expr)?.threshold;
  if (ruleThreshold !== undefined && ruleThreshold !== scenario.alert.threshold) {
    throw new ScenarioError(shownAs, [
      `alert.threshold: expected ${ruleThreshold}, the threshold of ${scenario.alert.name} in ${rulesShown}, got ${scenario.alert.threshold}`,
    ]);
  }
  const windowAtRunbookScale = largestRangeWindowMs(rule.expr);
  if (windowAtRunbookScale === null) {
    throw new ScenarioError(shownAs, [
      `alert.name: the rule ${scenario.alert.name} in ${rulesShown} has no range window (rate(...[5m])), so there is no drop rate to drive`,
    ]);
  }

  const ruleWindowMs = scaled(windowAtRunbookScale, factor);
  const forMs = scaled(rule.for ? parseDuration(rule.for) : 0, factor);
  const evaluationIntervalMs = scaled(
    groupInterval ? parseDuration(groupInterval) : DEFAULT_EVALUATION_INTERVAL_MS,
    factor,
  );
  // A few scrapes per evaluation, never faster than once a second.
  const scrapeIntervalMs = Math.min(
    15_000,
    Math.max(1000, Math.round(evaluationIntervalMs / 3 / 1000) * 1000),
  );
  const baselineMs = scenario.baseline?.duration
    ? scaled(parseDuration(scenario.baseline.duration), factor)
    : ruleWindowMs;
  // The rate can take a whole window to cross the threshold, then the rule needs `for`,
  // plus up to an evaluation on each side and a scrape for the data to land.
  const derivedExpectMs = ruleWindowMs + forMs + 2 * evaluationIntervalMs + 2 * scrapeIntervalMs;
  const expectWithinMs = scenario.alert.firesWithin
    ? scaled(parseDuration(scenario.alert.firesWithin), factor)
    : derivedExpectMs;
  const verifyWithinMs = scaled(parseDuration(scenario.verify.within), factor);
  // Verify counts a pass only once the query's window holds nothing from before the
  // remediation, so a bound no longer than that window could never pass.
  const verifyWindowAtRunbookScale = verifyWindowOf(scenario.verify.query, windowAtRunbookScale);
  if (parseDuration(scenario.verify.within) <= verifyWindowAtRunbookScale) {
    throw new ScenarioError(shownAs, [
      `verify.within: expected more than ${formatDuration(verifyWindowAtRunbookScale)}, the verification query's window (a pass counts only once the window holds nothing from before the remediation), got ${JSON.stringify(scenario.verify.within)}`,
    ]);
  }
  const scaleProblems = timeScaleProblems(options.time.timeScale, {
    ruleWindowMs,
    scrapeIntervalMs,
    evaluationIntervalMs,
    baselineMs,
    expectWithinMs,
    verifyWithinMs,
  });
  if (scaleProblems.length > 0) throw new ScenarioError(shownAs, scaleProblems);

  const window = `[${formatDuration(windowAtRunbookScale)}]`;
  const target = options.targetProfile
    ? TARGET_PROFILES[options.targetProfile]
    : referenceProfile(options.asPublished);
  const profileQuery = (expr: string) => scaleExpression(withWindow(expr, window), factor);
  const defaultDropRate = withWindow(target.queries.dropRate, window);
  // A share of the sessions that ended in the window, so it never passes 100 %: over
  // sessions started instead, drops of sessions started earlier could outnumber them.
  const clientDrops = `sum(rate(chaos_client_sessions_dropped_total${window}))`;
  const clientEnded = ['completed', 'interrupted']
    .map((kind) => `sum(rate(chaos_client_sessions_${kind}_total${window}))`)
    .join(' + ');
  const defaultClientDropRate = `${clientDrops} / (${clientDrops} + ${clientEnded}) * 100`;
  const queries = {
    alert: scaleExpression(rule.expr, factor),
    dropRate: scaleExpression(scenario.steadyState?.dropRate ?? defaultDropRate, factor),
    clientDropRate: scaleExpression(
      scenario.steadyState?.clientDropRate ?? defaultClientDropRate,
      factor,
    ),
    verify: scaleExpression(scenario.verify.query, factor),
    traffic: scenario.steadyState?.traffic
      ? scaleExpression(scenario.steadyState.traffic, factor)
      : profileQuery(target.queries.traffic),
    serverDropsByReason: profileQuery(target.queries.dropsByReason),
    dropRateByReason: profileQuery(target.queries.dropRateByReason),
    activeConnections: profileQuery(target.queries.activeConnections),
    medianDuration: profileQuery(target.queries.medianDuration),
    instances: target.queries.instances,
  };

  let load: LoadProfile;
  try {
    const profile =
      options.seed === undefined ? scenario.load : { ...scenario.load, seed: options.seed };
    load = scaleLoadProfile(normalizeProfile(profile, `${shownAs} (load)`), factor);
  } catch (error) {
    if (error instanceof ProfileError) {
      throw new ScenarioError(
        shownAs,
        error.problems.map((p) => (p.startsWith('(profile)') ? `load${p.slice(9)}` : `load.${p}`)),
      );
    }
    throw error;
  }

  // The clients pace their heartbeats as the target counts them (PROTOCOL.md), where the
  // drill knows its settings because it starts it; a target started by someone else is
  // paced only as the scenario's load says (serverHeartbeatInterval).
  if (options.targetProfile === undefined) {
    const serverHeartbeatIntervalMs = targetHeartbeatIntervalMs(scenario.target?.env);
    for (const each of load.scenarios)
      each.session.serverHeartbeatIntervalMs ??= serverHeartbeatIntervalMs;
  }

  const stopWhen = planStopConditions(scenario.stopWhen ?? [], options.stopWhen ?? [], factor);
  const credentials = resolveCredentials(options.credentials, scenario.credentials);
  if (credentials) for (const each of load.scenarios) each.session.credentials = credentials;

  return {
    scenario,
    faults: await faultRegistryFor(loaded),
    file: loaded.file,
    shownAs,
    time: options.time,
    seed: options.seed,
    target,
    alert: {
      name: scenario.alert.name,
      threshold: scenario.alert.threshold,
      file: rulesFile,
      shownAs: rulesShown,
      rule,
      scaledText: scaleRules(rules, factor),
    },
    ruleWindowMs,
    forMs,
    evaluationIntervalMs,
    scrapeIntervalMs,
    baselineMs,
    expectWithinMs,
    verifyWithinMs,
    verifyWindowMs: scaled(verifyWindowAtRunbookScale, factor),
    theoreticalMinimumMs: baselineMs + forMs + evaluationIntervalMs + ruleWindowMs,
    minConnectionsPerWindow: scenario.baseline?.minConnectionsPerWindow ?? 200,
    queries,
    load,
    credentials,
    asPublished: options.asPublished ?? null,
    page: await planPage(scenario, shownAs, factor, {
      alertmanagerConfig: options.alertmanagerConfig,
      pageReceiver: options.pageReceiver,
      rule,
      rulesShown,
    }),
    stopWhen,
  };
}

/**
 * The heartbeat interval the target expects: its HEARTBEAT_INTERVAL_MS, else TickStorm's
 * 15 s, but never above its session timeout (a target told to time out at 3 s expects
 * heartbeats well within that).
 */
function targetHeartbeatIntervalMs(env: Record<string, string> | undefined): number {
  const given = Number(env?.HEARTBEAT_INTERVAL_MS);
  const interval = Number.isInteger(given) && given > 0 ? given : 15_000;
  const timeoutMs = Number(env?.HEARTBEAT_TIMEOUT_MS) || parseGoDurationMs(env?.CONNECTION_TIMEOUT);
  return timeoutMs > 0 ? Math.min(interval, timeoutMs) : interval;
}

function parseGoDurationMs(text: string | undefined): number {
  return text === undefined ? 0 : (parseGoDuration(text) ?? 0);
}

/** The reference target reads the published settings it knows when it behaves as published. */
function referenceProfile(asPublished: string | undefined): TargetProfile {
  if (asPublished === undefined) return tickstormReference;
  const habits = parsePublishedBehaviours(asPublished);
  return !('problem' in habits) && habits.has('published-settings')
    ? tickstormReferenceAsPublished
    : tickstormReference;
}

/** A query without a range, or that does not parse (preflight names its syntax error), keeps the rule's window. */
function verifyWindowOf(query: string, ruleWindow: number): number {
  try {
    return largestRangeWindowMs(query) ?? ruleWindow;
  } catch {
    return ruleWindow;
  }
}

/** The command line or environment first, then the scenario; null leaves the load's own. */
function resolveCredentials(
  given: Credentials | undefined,
  scenario: ScenarioInput['credentials'],
): Credentials | null {
  if (given) return given;
  if (!scenario) return null;
  return { username: scenario.username ?? '', password: scenario.password ?? '' };
}

/**
 * One line per problem, named from where the file came: the scenario's `alert.rules`,
 * or `--rules` (the same line for every scenario, printed once).
 */
function rulesFileProblems(
  error: RulesFileError,
  rulesShown: string,
  scenarioShownAs: string | null,
): ScenarioError {
  const lines = error.problems.map((problem) => {
    const where = problem.line ? `${rulesShown}:${problem.line}` : rulesShown;
    const what = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
    return scenarioShownAs ? `alert.rules (${where}): ${what}` : `${where}: ${what}`;
  });
  return new ScenarioError(scenarioShownAs ?? '--rules', lines);
}

/**
 * The built-in kinds and the scenario's own, each asked of a fault host that imports its
 * module (never this process): what it defines, and each of the scenario's specs for it.
 */
async function faultRegistryFor(loaded: LoadedScenario): Promise<FaultRegistry> {
  const registry = new FaultRegistry();
  const specs = [...loaded.scenario.inject, ...loaded.scenario.remediate];
  for (const ref of loaded.faultModules ?? []) {
    const host = new FaultHost(ref, displayPath(ref.file));
    try {
      const kind = await hostedFaultKind(
        host,
        specs.filter((spec) => spec.type === ref.type),
      );
      registry.add(kind, ref, host);
    } catch (error) {
      throw new ScenarioError(loaded.shownAs, [`faults: ${(error as Error).message}`]);
    } finally {
      // Planning only asks; the drill starts the host again at its first apply.
      host.end();
    }
  }
  return registry;
}

function resolveFromCwd(path: string): string {
  return path.startsWith('/') ? path : `${process.cwd()}/${path}`;
}
