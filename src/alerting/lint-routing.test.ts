import { describe, expect, it } from 'vitest';
import type { RuleSpec } from '../prom/rules-file.js';
import { alertLabels } from './alert-labels.js';
import { parseAlertmanagerConfig } from './am-config.js';
import { lintRouting } from './lint-routing.js';

const rule = (
  name: string,
  expr: string,
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
) =>
  alertLabels(
    { kind: 'alert', name, expr, labels, annotations } as RuleSpec,
    `rules.yml:${name.length}`,
  );

const drops = rule(
  'Drops',
  'sum by (instance_id) (rate(x[5m])) > 0.5',
  { severity: 'high' },
  { runbook_url: 'https://runbooks.example/connection-drops' },
);
const down = rule('Down', 'sum by (job) (up) == 0', { severity: 'critical' });

describe('routing lint', () => {
  it('finds routes behind a sibling that catches every alert first, and where each alert goes', () => {
    const config = parseAlertmanagerConfig(
      `route:
  receiver: default
  routes:
    - matchers: ['severity=~"critical|high"']
      receiver: pager
    - matchers: ['service="tickstorm"']
      receiver: team
receivers: [{ name: default }, { name: pager }, { name: team }]
`,
      'am.yml',
    );
    const { findings, routing } = lintRouting(config, [drops, down], []);
    expect(findings.map((f) => [f.check, f.line])).toEqual([['unreachable-route', 6]]);
    expect(findings[0]!.message).toMatch(
      /Drops stops at route.routes\[0\] \{severity=~"critical\|high"\} first/,
    );
    expect(routing[0]!.reaches).toEqual([
      { receiver: 'pager', trail: 'route > {severity=~"critical|high"}', certain: true },
    ]);
  });

  it('a matcher on a label only Prometheus knows leaves the route reachable but uncertain', () => {
    const config = parseAlertmanagerConfig(
      `route:
  receiver: default
  routes:
    - matchers: ['instance_id="a"']
      receiver: a
receivers: [{ name: default }, { name: a }]
`,
      'am.yml',
    );
    const { findings, routing } = lintRouting(config, [drops], []);
    expect(findings).toEqual([]);
    expect(routing[0]!.reaches.map((r) => [r.receiver, r.certain])).toEqual([
      ['a', false],
      ['default', false],
    ]);
  });

  it('flags an inhibition whose equal label neither side carries, not one that one side carries', () => {
    const config = (equal: string) =>
      parseAlertmanagerConfig(
        `route: { receiver: r }
receivers: [{ name: r }]
inhibit_rules:
  - source_matchers: ['alertname="Down"']
    target_matchers: ['alertname="Drops"']
    equal: ['${equal}']
`,
        'am.yml',
      );
    const flagged = lintRouting(config('instance'), [drops, down], []).findings;
    expect(flagged.map((f) => f.check)).toEqual(['inhibit-equal']);
    expect(flagged[0]!.message).toMatch(/neither Down .* nor Drops .* carries `instance`/);
    expect(lintRouting(config('instance_id'), [drops, down], []).findings).toEqual([]);
  });

  it('warns when runbook_url points at none of the runbooks given', () => {
    const config = parseAlertmanagerConfig(
      'route: { receiver: r }\nreceivers: [{ name: r }]\n',
      'am.yml',
    );
    expect(lintRouting(config, [drops], ['docs/connection-drops.md']).findings).toEqual([]);
    const [warning] = lintRouting(config, [drops], ['docs/other.md']).findings;
    expect(warning!.check).toBe('runbook-url');
    expect(warning!.severity).toBe('warning');
  });
});
