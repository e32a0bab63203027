// The page part of a plan: the user's Alertmanager config read (so a file that is not
// YAML, or a receiver it does not define, stops the run before any process starts) and
// the scenario's bounds on time to notify at the drill's time scale. Whether Alertmanager
// accepts the file is amtool's verdict, taken in the drill's preflight.

import {
  AlertmanagerConfigError,
  loadAlertmanagerConfig,
  type AlertmanagerConfig,
} from '../alerting/am-config.js';
import { parseDuration } from '../prom/promql/duration.js';
import type { ScenarioInput } from './define-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { displayPath, resolveProjectFile } from './scenario-files.js';

export interface PagePlan {
  configFile: string;
  shownAs: string;
  config: AlertmanagerConfig;
  receiver: string;
  labels: Record<string, string>;
  annotations: string[];
  /** At the drill's time scale; null: no bound stated. */
  fromFaultMs: number | null;
  fromFiringMs: number | null;
  /** Whether a resolved notification must follow; undefined: when the receiver sends resolved. */
  resolved: boolean | undefined;
}

export function planPage(
  scenario: ScenarioInput,
  shownAs: string,
  factor: number,
  override: string | undefined,
): PagePlan | null {
  const spec = scenario.page;
  if (!spec) {
    if (override) {
      throw new ScenarioError(shownAs, [
        'page: --alertmanager-config was given, but this scenario states no page (add `page: { alertmanagerConfig, receiver, … }`)',
      ]);
    }
    return null;
  }
  const configFile = override
    ? override.startsWith('/')
      ? override
      : `${process.cwd()}/${override}`
    : resolveProjectFile(spec.alertmanagerConfig);
  const configShown = displayPath(configFile);
  const field = override ? '--alertmanager-config' : 'page.alertmanagerConfig';
  let config: AlertmanagerConfig;
  try {
    config = loadAlertmanagerConfig(configFile, configShown);
  } catch (error) {
    if (error instanceof AlertmanagerConfigError)
      throw new ScenarioError(shownAs, [`${field} (${error.message})`]);
    throw error;
  }
  const names = config.receivers.map((r) => r.name);
  if (!names.includes(spec.receiver)) {
    throw new ScenarioError(shownAs, [
      `page.receiver: expected a receiver defined in ${configShown} (${names.join(', ') || 'none'}), got ${JSON.stringify(spec.receiver)}`,
    ]);
  }
  const scaled = (text: string | undefined) =>
    text === undefined ? null : Math.max(1, Math.round(parseDuration(text) * factor));
  return {
    configFile,
    shownAs: configShown,
    config,
    receiver: spec.receiver,
    labels: spec.labels ?? {},
    annotations: spec.annotations ?? [],
    fromFaultMs: scaled(spec.within?.fromFault),
    fromFiringMs: scaled(spec.within?.fromFiring),
    resolved: spec.resolved,
  };
}
