// `chaos lint`'s Alertmanager part: each config checked by amtool (does it load at all?),
// then its routes and inhibitions against the alerts of the rules files given, and the
// rules' runbook links against the runbooks given. It adds to the PromQL lint's report.

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { LintReport } from '../prom/lint/lint.js';
import { sortFindings } from '../prom/lint/finding.js';
import { inspectRulesFile, RulesFileError } from '../prom/rules-file.js';
import { nodePosition } from '../prom/yaml-positions.js';
import { MissingToolError } from '../stack/missing-tool-error.js';
import { alertLabels, type AlertLabels } from './alert-labels.js';
import { AlertmanagerConfigError, parseAlertmanagerConfig, amtoolRefusal } from './am-config.js';
import { checkConfig } from './amtool.js';
import { lintRouting } from './lint-routing.js';

interface RoutingInputs {
  alerts: AlertLabels[];
  runbooks: string[];
}

/** An Alertmanager config, not a rules file: it has a routing tree or receivers. */
export function isAlertmanagerConfig(source: string): boolean {
  return /^(route|receivers|inhibit_rules):/m.test(source);
}

/**
 * Adds the Alertmanager configs' findings and routing to a report of the other files:
 * the rule files among `others` give the alerts, the Markdown ones the runbooks.
 */
export async function lintAlertmanagerConfigs(
  configs: { path: string; source: string }[],
  others: string[],
  report: LintReport,
): Promise<void> {
  const routing: RoutingInputs = { alerts: [], runbooks: [] };
  for (const path of others) {
    const extension = extname(path).toLowerCase();
    if (extension === '.md' || extension === '.markdown') routing.runbooks.push(path);
    else if (extension === '.yml' || extension === '.yaml') {
      const source = await readFile(path, 'utf8').catch(() => null);
      if (source !== null) routing.alerts.push(...alertsOf(path, source));
    }
  }
  for (const config of configs) await lintAlertmanager(config, routing, report);
  report.findings = sortFindings(report.findings);
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

async function lintAlertmanager(
  input: { path: string; source: string },
  routing: RoutingInputs,
  report: LintReport,
): Promise<void> {
  const { path, source } = input;
  // A template amtool must not read is the file's one problem, said once, as unreadable.
  const refused = amtoolRefusal(path);
  if (refused) {
    const where = refused.line ? `${path}:${refused.line}` : path;
    report.unreadable.push({ file: path, reason: `${where}: ${refused.reason}` });
    return;
  }
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
