// The lint's Alertmanager part: each config checked by amtool (does it load at all?),
// then its routes and inhibitions against the alerts of the rules files given, and the
// rules' runbook links against the runbooks given.

import { alertLabels, type AlertLabels } from '../../alerting/alert-labels.js';
import { AlertmanagerConfigError, parseAlertmanagerConfig } from '../../alerting/am-config.js';
import { checkConfig } from '../../alerting/amtool.js';
import { lintRouting } from '../../alerting/lint-routing.js';
import { MissingToolError } from '../../stack/missing-tool-error.js';
import { inspectRulesFile, RulesFileError } from '../rules-file.js';
import { nodePosition } from '../yaml-positions.js';
import type { LintReport } from './lint.js';

export interface RoutingInputs {
  configs: { path: string; source: string }[];
  alerts: AlertLabels[];
  runbooks: string[];
}

/** The alerting rules of a rules file, with the line each is written on. */
export function alertsOf(path: string, source: string): AlertLabels[] {
  try {
    const { file } = inspectRulesFile(source, path);
    return file.groups.flatMap((group) =>
      group.rules
        .filter((rule) => rule.kind === 'alert')
        .map((rule) => {
          const line =
            nodePosition(file.lines, file.document.getIn(rule.segments, true) as never)?.line ?? 1;
          return alertLabels(rule, `${path}:${line}`);
        }),
    );
  } catch (error) {
    if (error instanceof RulesFileError) return [];
    throw error;
  }
}

export async function lintAlertmanager(
  input: { path: string; source: string },
  routing: RoutingInputs,
  report: LintReport,
): Promise<void> {
  const { path, source } = input;
  try {
    const verdict = await checkConfig(path);
    if (!verdict.loads) {
      report.findings.push({
        file: path,
        line: verdict.line ?? 1,
        column: 1,
        check: 'alertmanager-config',
        severity: 'error',
        message: `Alertmanager refuses this config, so no notification is ever sent: ${verdict.message}${verdict.lineText ? ` (line ${verdict.line}: ${verdict.lineText})` : ''}`,
        expr: '',
        context: 'alertmanager config',
        confirmation: 'amtool check-config',
      });
    }
  } catch (error) {
    if (!(error instanceof MissingToolError)) throw error;
    report.unreadable.push({
      file: path,
      reason: `whether Alertmanager loads it is not checked: ${error.message}`,
    });
  }
  let config;
  try {
    config = parseAlertmanagerConfig(source, path);
  } catch (error) {
    if (!(error instanceof AlertmanagerConfigError)) throw error;
    report.unreadable.push({ file: path, reason: error.message });
    return;
  }
  const { findings, routing: alerts } = lintRouting(config, routing.alerts, routing.runbooks);
  report.findings.push(...findings);
  report.checked.push({ file: path, kind: 'alertmanager', expressions: 0 });
  (report.routing ??= []).push({ config: path, alerts });
}
