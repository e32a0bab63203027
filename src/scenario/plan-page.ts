// The page part of a plan: the Alertmanager config read and checked by amtool (on the file
// as written), the receiver the page must reach, and the scenario's bounds on time to
// notify at the drill's time scale. A config that cannot be read, or a receiver that
// cannot be known, stops the run before any process starts, with amtool's refusal beside
// the receiver's problem. A refusal alone is a verdict on the user's setup, not bad input:
// the drill runs, and its preflight fails with it, in the reports.

import {
  AlertmanagerConfigError,
  loadAlertmanagerConfig,
  type AlertmanagerConfig,
} from '../alerting/am-config.js';
import { alertLabels } from '../alerting/alert-labels.js';
import { checkConfig, refusalText, type ConfigVerdict } from '../alerting/amtool.js';
import { routedReceiver } from '../alerting/page-receiver.js';
import { parseDuration } from '../prom/promql/duration.js';
import type { RuleSpec } from '../prom/rules-file.js';
import { MissingToolError } from '../stack/missing-tool-error.js';
import type { ScenarioInput } from './define-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { displayPath, resolveProjectFile } from './scenario-files.js';

export interface PagePlan {
  configFile: string;
  shownAs: string;
  config: AlertmanagerConfig;
  /** amtool check-config's verdict at plan time; null when amtool is not installed. */
  verdict: ConfigVerdict | null;
  receiver: string;
  /** Why that receiver, for the log: `named by --page-receiver`, `where x.yml routes {…}`. */
  receiverWhy: string;
  receiverFrom: 'scenario' | '--page-receiver' | 'routing';
  labels: Record<string, string>;
  annotations: string[];
  /** At the drill's time scale; null: no bound stated. */
  fromFaultMs: number | null;
  fromFiringMs: number | null;
  /** Whether a resolved notification must follow; undefined: when the receiver sends resolved. */
  resolved: boolean | undefined;
}

export interface PageInputs {
  /** `--alertmanager-config`: replaces the scenario's config and its receiver. */
  alertmanagerConfig?: string | undefined;
  /** `--page-receiver`: the receiver the page must reach, whichever config. */
  pageReceiver?: string | undefined;
  /** The alert's rule, whose labels the routing tree is walked with. */
  rule: RuleSpec;
  rulesShown: string;
}

export async function planPage(
  scenario: ScenarioInput,
  shownAs: string,
  factor: number,
  given: PageInputs,
): Promise<PagePlan | null> {
  if (!scenario.page) return pagePlanOf(scenario, shownAs, factor, given, '', null);
  const configFile = configFileOf(scenario.page.alertmanagerConfig, given.alertmanagerConfig);
  return pagePlanOf(scenario, shownAs, factor, given, configFile, await amtoolVerdict(configFile));
}

/** The plan from amtool's verdict, without running it: every problem in one ScenarioError. */
export function pagePlanOf(
  scenario: ScenarioInput,
  shownAs: string,
  factor: number,
  given: PageInputs,
  configFile: string,
  verdict: ConfigVerdict | null,
): PagePlan | null {
  const spec = scenario.page;
  if (!spec) {
    const flags = [
      given.alertmanagerConfig ? '--alertmanager-config' : '',
      given.pageReceiver ? '--page-receiver' : '',
    ].filter(Boolean);
    if (flags.length > 0)
      throw new ScenarioError(shownAs, [
        `page: ${flags.join(' and ')} given, but this scenario states no page (add \`page: { alertmanagerConfig, receiver, … }\`)`,
      ]);
    return null;
  }
  const shown = displayPath(configFile);
  const field = given.alertmanagerConfig ? '--alertmanager-config' : 'page.alertmanagerConfig';
  let config: AlertmanagerConfig;
  try {
    config = loadAlertmanagerConfig(configFile, shown);
  } catch (error) {
    // A file that is not a config at all is its one problem: amtool reads the same YAML.
    if (error instanceof AlertmanagerConfigError)
      throw new ScenarioError(shownAs, [`${field} (${error.message})`]);
    throw error;
  }
  const chosen = receiverOf(config, spec.receiver, given);
  if ('problem' in chosen) {
    // Said with the receiver, so the user does not fix one only to meet the other next run.
    const refused = verdict ? refusalText(shown, verdict) : null;
    throw new ScenarioError(shownAs, [
      ...(refused ? [`${field}: ${refused}`] : []),
      chosen.problem,
    ]);
  }
  const scaled = (text: string | undefined) =>
    text === undefined ? null : Math.max(1, Math.round(parseDuration(text) * factor));
  return {
    configFile,
    shownAs: shown,
    config,
    verdict,
    ...chosen,
    labels: spec.labels ?? {},
    annotations: spec.annotations ?? [],
    fromFaultMs: scaled(spec.within?.fromFault),
    fromFiringMs: scaled(spec.within?.fromFiring),
    resolved: spec.resolved,
  };
}

type Chosen = Pick<PagePlan, 'receiver' | 'receiverWhy' | 'receiverFrom'> | { problem: string };

/**
 * `--page-receiver` first; with the user's own config, where its routes send the alert
 * (the scenario's receiver was named for the scenario's config); else the scenario's.
 */
function receiverOf(config: AlertmanagerConfig, named: string, given: PageInputs): Chosen {
  const names = config.receivers.map((r) => r.name);
  const defined = (field: string, receiver: string, receiverWhy: string): Chosen =>
    names.includes(receiver)
      ? {
          receiver,
          receiverWhy,
          receiverFrom: field === '--page-receiver' ? field : 'scenario',
        }
      : {
          problem: `${field}: expected a receiver defined in ${config.file} (${names.join(', ') || 'none'}), got ${JSON.stringify(receiver)}`,
        };
  if (given.pageReceiver)
    return defined('--page-receiver', given.pageReceiver, 'named by --page-receiver');
  if (!given.alertmanagerConfig)
    return defined('page.receiver', named, "named by the scenario's page.receiver");
  const routed = routedReceiver(config, alertLabels(given.rule, given.rulesShown));
  if ('problem' in routed) return { problem: `--alertmanager-config: ${routed.problem}` };
  return { receiver: routed.receiver, receiverWhy: routed.why, receiverFrom: 'routing' };
}

function configFileOf(scenarios: string, override: string | undefined): string {
  if (!override) return resolveProjectFile(scenarios);
  return override.startsWith('/') ? override : `${process.cwd()}/${override}`;
}

/** amtool's verdict, or null without amtool: the drill's preflight then says it is missing. */
async function amtoolVerdict(file: string): Promise<ConfigVerdict | null> {
  try {
    return await checkConfig(file);
  } catch (error) {
    if (error instanceof MissingToolError) return null;
    throw error;
  }
}
