import { describe, expect, it } from 'vitest';
import { findAlert, loadRulesFile } from '../prom/rules-file.js';
import { alertLabels } from './alert-labels.js';
import { loadAlertmanagerConfig, parseAlertmanagerConfig } from './am-config.js';
import { routedReceiver } from './page-receiver.js';

const rules = await loadRulesFile('rules/tickstorm-corrected.rules.yml');
const drops = alertLabels(
  findAlert(rules, 'TickStormConnectionDropRate'),
  'rules/tickstorm-corrected.rules.yml',
);

describe('the receiver a config routes the alert to', () => {
  it('the shipped config: tickstorm-oncall, by its TickStorm and severity routes', () => {
    expect(routedReceiver(loadAlertmanagerConfig('alerting/alertmanager.yml'), drops)).toEqual({
      receiver: 'tickstorm-oncall',
      why: 'where alerting/alertmanager.yml routes {alertname="TickStormConnectionDropRate", severity="high"} (route > {alertname=~"TickStorm.*"} > {severity=~"critical|high"})',
    });
  });

  it('the published routing: high-alerts, the severity route that hides the service subtree', () => {
    const config = loadAlertmanagerConfig('alerting/fixtures/unreachable-service-routes.yml');
    expect(routedReceiver(config, drops)).toMatchObject({
      receiver: 'high-alerts',
      why: expect.stringContaining('(route > {severity="high"})'),
    });
  });

  it('names every receiver of a continue: true fan-out, the first one chosen', () => {
    const config = parseAlertmanagerConfig(
      `route:
  receiver: default
  routes:
    - { matchers: ['severity="high"'], receiver: pager, continue: true }
    - { matchers: ['alertname=~"TickStorm.*"'], receiver: team }
receivers: [{ name: default }, { name: pager }, { name: team }]
`,
      'am.yml',
    );
    expect(routedReceiver(config, drops)).toMatchObject({
      receiver: 'pager',
      why: expect.stringMatching(/; also team, by continue: true\)$/),
    });
  });

  it('refuses to guess when the route turns on a value only Prometheus knows', () => {
    const config = parseAlertmanagerConfig(
      `route:
  receiver: default
  routes:
    - { matchers: ['instance_id="tickstorm-0"'], receiver: first }
receivers: [{ name: default }, { name: first }]
`,
      'am.yml',
    );
    expect(routedReceiver(config, drops)).toEqual({
      problem:
        'am.yml routes TickStormConnectionDropRate {alertname="TickStormConnectionDropRate", severity="high"} by label values only Prometheus knows: it may reach first (route > {instance_id="tickstorm-0"}) or default (route); name the receiver the page must reach with --page-receiver',
    });
  });

  it('takes a receiver every possible route agrees on', () => {
    const config = parseAlertmanagerConfig(
      `route:
  receiver: team
  routes:
    - { matchers: ['instance_id="tickstorm-0"'], receiver: team }
receivers: [{ name: team }]
`,
      'am.yml',
    );
    expect(routedReceiver(config, drops)).toMatchObject({ receiver: 'team' });
  });
});
