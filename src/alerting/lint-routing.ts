// `chaos lint alertmanager.yml rules/*.yml`, the routing part: where each alert of the
// rules goes, which routes no alert can reach (and what stops them first), inhibitions
// whose `equal` labels neither side carries (missing on both counts as equal, so one
// alert anywhere silences all), and runbook links that point at no runbook given.

import { basename } from 'node:path';
import type { Finding } from '../prom/lint/finding.js';
import type { AlertmanagerConfig, RouteNode } from './am-config.js';
import { carries, matchersVerdict, whyNot, type AlertLabels } from './alert-labels.js';
import { matcherText } from './matchers.js';
import { everyRoute } from './route-walk.js';

export interface AlertRouting {
  alert: string;
  where: string;
  /** Receivers it reaches, with the route trail; `certain` false when a matcher depends on a label whose value only Prometheus knows. */
  reaches: { receiver: string; trail: string; certain: boolean }[];
}

interface Walk {
  reached: Set<RouteNode>;
  /** For routes an alert did not enter: why, for the first alert seen. */
  blocked: Map<RouteNode, string>;
}

export function lintRouting(
  config: AlertmanagerConfig,
  alerts: AlertLabels[],
  runbooks: string[],
): { findings: Finding[]; routing: AlertRouting[] } {
  const findings: Finding[] = [];
  const walk: Walk = { reached: new Set(), blocked: new Map() };
  const routing = alerts.map((alert) => ({
    alert: alert.alert,
    where: alert.where,
    reaches: reach(config.route, alert, 'route', true, walk),
  }));
  const finding = (
    line: number,
    check: Finding['check'],
    severity: Finding['severity'],
    context: string,
    message: string,
  ): Finding => ({
    file: config.file,
    line,
    column: 1,
    check,
    severity,
    message,
    expr: '',
    context,
  });

  if (alerts.length > 0) {
    // Only the topmost unreachable route of a subtree: its children follow from it.
    const report = (node: RouteNode) => {
      if (!walk.reached.has(node)) {
        const below = everyRoute(node).length - 1;
        findings.push(
          finding(
            node.line,
            'unreachable-route',
            'error',
            `route ${node.path} (receiver ${node.receiver})`,
            `no alert of the rules given can reach it${below > 0 ? ` (nor its ${below} sub-route${below > 1 ? 's' : ''})` : ''}: ${walk.blocked.get(node) ?? 'its parent is never reached'}`,
          ),
        );
        return;
      }
      node.children.forEach(report);
    };
    config.route.children.forEach(report);
  }

  config.inhibitRules.forEach((rule) => {
    const sources = alerts.filter((a) => matchersVerdict(rule.source, a) !== 'no');
    const targets = alerts.filter((a) => matchersVerdict(rule.target, a) !== 'no');
    for (const label of rule.equal) {
      for (const source of sources) {
        for (const target of targets) {
          if (source === target) continue;
          if (carries(source, label) !== 'no' || carries(target, label) !== 'no') continue;
          findings.push(
            finding(
              rule.line,
              'inhibit-equal',
              'error',
              `inhibit rule (equal: [${rule.equal.join(', ')}])`,
              `neither ${source.alert} (${source.where}) nor ${target.alert} (${target.where}) carries \`${label}\` (${source.alert}: ${whyNot(source, label)}; ${target.alert}: ${whyNot(target, label)}); a label missing on both sides counts as equal, so a ${source.alert} from any instance inhibits every ${target.alert}`,
            ),
          );
        }
      }
    }
  });

  if (runbooks.length > 0) {
    const names = runbooks.map((path) => basename(path).replace(/\.(md|markdown)$/i, ''));
    for (const alert of alerts) {
      const url = alert.annotations.runbook_url;
      if (url === undefined) continue;
      const target = basename(url.split(/[?#]/)[0]!).replace(/\.(md|markdown)$/i, '');
      if (runbooks.includes(url) || names.includes(target)) continue;
      findings.push({
        file: alert.where.replace(/:\d+$/, ''),
        line: Number(/:(\d+)$/.exec(alert.where)?.[1] ?? 1),
        column: 1,
        check: 'runbook-url',
        severity: 'warning',
        message: `runbook_url ${url} points at none of the runbooks given (${runbooks.join(', ')}): the person paged follows a link to a page this lint cannot vouch for`,
        expr: '',
        context: `alert ${alert.alert}`,
      });
    }
  }
  return { findings, routing };
}

/** Where one alert can go, in tree order: the walk the lint reports, for the drill's plan. */
export function reachesOf(root: RouteNode, alert: AlertLabels): AlertRouting['reaches'] {
  return reach(root, alert, 'route', true, { reached: new Set(), blocked: new Map() });
}

function reach(
  node: RouteNode,
  alert: AlertLabels,
  trail: string,
  certain: boolean,
  walk: Walk,
): AlertRouting['reaches'] {
  walk.reached.add(node);
  const found: AlertRouting['reaches'] = [];
  let stoppedBy: RouteNode | null = null;
  let anyMaybe = false;
  for (const child of node.children) {
    if (stoppedBy) {
      if (!walk.blocked.has(child))
        walk.blocked.set(
          child,
          `${alert.alert} stops at ${stoppedBy.path} {${stoppedBy.matchers.map(matcherText).join(', ')}} first (line ${stoppedBy.line}, no \`continue: true\`)`,
        );
      continue;
    }
    const verdict = matchersVerdict(child.matchers, alert);
    if (verdict === 'no') {
      if (!walk.blocked.has(child))
        walk.blocked.set(
          child,
          `its matchers {${child.matchers.map(matcherText).join(', ')}} match no alert (${alert.alert}: labels ${Object.entries(
            alert.known,
          )
            .map(([k, v]) => `${k}="${v}"`)
            .join(', ')})`,
        );
      continue;
    }
    if (verdict === 'maybe') anyMaybe = true;
    const label = `${trail} > {${child.matchers.map(matcherText).join(', ')}}`;
    found.push(...reach(child, alert, label, certain && verdict === 'yes', walk));
    if (verdict === 'yes' && !child.continue) stoppedBy = child;
  }
  const childTook = found.some((f) => f.certain) || stoppedBy !== null;
  if (!childTook)
    found.push({
      receiver: node.receiver,
      trail,
      certain: certain && !anyMaybe && found.length === 0,
    });
  return found;
}
