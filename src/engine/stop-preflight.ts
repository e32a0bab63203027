// Preflight for stop conditions. A condition that returns nothing at start is normal (the
// other alert is not firing yet); one that *cannot* ever return data is refused, since it
// would guard nothing: a selector matching no series in Prometheus at all (a typo in a
// metric name), or an ALERTS selector naming an alert no loaded rule defines (an alert that
// is not firing has no ALERTS series, so its rule is what must exist). A selector inside
// absent() is left alone: matching nothing is what such a condition waits for. So is one
// whose query Prometheus will not run at all.

import type { AlertingRule } from '../prom/api-types.js';
import type { PrometheusClient } from '../prom/client.js';
import type { PlannedStopCondition } from '../scenario/plan-stop-conditions.js';
import { conditionSelectors, isAlertSeries, type ConditionSelector } from './stop-selectors.js';

export interface StopPreflightOptions {
  prometheus: PrometheusClient;
  conditions: readonly PlannedStopCondition[];
  /** Waits between looks: a series may appear within a few scrapes of the stack starting. */
  sleep: (ms: number) => Promise<void>;
  scrapeIntervalMs: number;
}

/** One line per condition that could never hold; empty when all can. */
export async function stopConditionProblems(options: StopPreflightOptions): Promise<string[]> {
  const { prometheus, conditions } = options;
  if (conditions.length === 0) return [];
  const where = `the Prometheus at ${prometheus.baseUrl}`;
  // Said in the conditions' order, whichever check found each.
  const problems: { at: number; text: string }[] = [];
  const at = (condition: PlannedStopCondition) => conditions.indexOf(condition);

  // A query Prometheus refuses to run (many-to-many matching, a bad function argument)
  // parses, but would never hold: said as it is.
  for (const condition of conditions) {
    try {
      await prometheus.query(condition.query, new Date());
    } catch (error) {
      const reason = ((error as Error | undefined)?.message ?? String(error)).split('\n')[0];
      problems.push({
        at: at(condition),
        text: `${label(condition)} cannot be evaluated by ${where}: ${reason}`,
      });
    }
  }

  const wanted = conditions.flatMap((condition) =>
    conditionSelectors(condition.query).map((selector) => ({ condition, selector })),
  );
  const alerts = wanted.filter(({ selector }) => isAlertSeries(selector));
  if (alerts.some(({ selector }) => selector.alertname !== undefined)) {
    const names = new Set(
      (await prometheus.rules())
        .flatMap((group) => group.rules)
        .filter((rule): rule is AlertingRule => rule.type === 'alerting')
        .map((rule) => rule.name),
    );
    for (const { condition, selector } of alerts) {
      if (selector.alertname === undefined || names.has(selector.alertname)) continue;
      problems.push({
        at: at(condition),
        text: `${label(condition)} can never hold: its selector ${selector.text} names alert ${selector.alertname}, which no rule loaded in ${where} defines; name an alert it loads (GET /api/v1/rules)`,
      });
    }
  }

  // A few scrapes at most, for series of a target that has only just started.
  let missing = wanted.filter(
    ({ selector }) => !isAlertSeries(selector) && !selector.absenceWanted,
  );
  const deadline = Date.now() + 3 * options.scrapeIntervalMs + 2000;
  for (let look = 0; missing.length > 0 && look < 20; look++) {
    const found = await Promise.all(missing.map(({ selector }) => hasSeries(prometheus, selector)));
    missing = missing.filter((_, index) => !found[index]);
    if (missing.length === 0 || Date.now() >= deadline) break;
    await options.sleep(options.scrapeIntervalMs);
  }
  for (const { condition, selector } of missing)
    problems.push({
      at: at(condition),
      text: `${label(condition)} can never hold: its selector ${selector.text} matches no series in ${where}; check the metric name (a typo?) against what Prometheus scrapes`,
    });
  return problems.sort((a, b) => a.at - b.at).map((problem) => problem.text);
}

/** ``stop condition `X` (stopWhen[0])``: its name, or its query when it has none. */
function label(condition: PlannedStopCondition): string {
  return `stop condition \`${condition.name}\` (${condition.from})`;
}

/**
 * Any series, ever stored, of the selector, or of its metric name alone: a labelled counter
 * whose label values appear with its first increment still exists by name once it has one.
 */
async function hasSeries(
  prometheus: PrometheusClient,
  selector: ConditionSelector,
): Promise<boolean> {
  const matches = [selector.text];
  if (selector.metric !== undefined) matches.push(`{__name__=${JSON.stringify(selector.metric)}}`);
  // The last hour is enough to prove a name exists, and spares a big Prometheus a full scan.
  const since = new Date(Date.now() - 3600_000);
  for (const match of matches)
    if ((await prometheus.series([match], since)).length > 0) return true;
  return false;
}
