import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAlertmanagerConfig } from './am-config.js';
import { drillAlertmanagerConfig } from './drill-config.js';

const source = `global:
  resolve_timeout: 5m
  slack_api_url: https://hooks.example/x
templates: ['/etc/alertmanager/*.tmpl']
route:
  receiver: team
  routes:
    - matchers: ['severity="high"']
      receiver: pager
      group_wait: 5m
      group_interval: 10m
receivers:
  - name: team
    slack_configs: [{ channel: '#t' }]
    email_configs: [{ to: a@example.com }]
  - name: pager
    pagerduty_configs: [{ routing_key: k, send_resolved: false }]
  - name: nowhere
inhibit_rules:
  - source_matchers: ['alertname="Down"']
    target_matchers: ['alertname="Drops"']
    equal: ['instance']
`;

interface Route {
  group_wait: string;
  group_interval: string;
  repeat_interval: string;
  matchers?: string[];
  routes: Route[];
}
interface Written {
  route: Route;
  global: unknown;
  receivers: unknown[];
  templates?: unknown;
  inhibit_rules: unknown;
}

describe("the drill's rewrite of an Alertmanager config", () => {
  const config = parseAlertmanagerConfig(source, 'am.yml');
  const out = parse(
    drillAlertmanagerConfig(config, {
      webhookUrl: (r) => `http://127.0.0.1:1/receivers/${r}`,
      timeScale: 0.1,
    }),
  ) as Written;

  it('scales every timing, writing out the root defaults so children inherit them scaled', () => {
    expect(out.route.group_wait).toBe('3s');
    expect(out.route.group_interval).toBe('30s');
    expect(out.route.repeat_interval).toBe('24m');
    expect(out.route.routes[0]!.group_wait).toBe('30s');
    expect(out.route.routes[0]!.group_interval).toBe('1m');
    expect(out.global).toEqual({ resolve_timeout: '30s' });
  });

  it("replaces every receiver's integrations with the drill's webhook, keeping send_resolved", () => {
    expect(out.receivers).toEqual([
      {
        name: 'team',
        webhook_configs: [{ url: 'http://127.0.0.1:1/receivers/team', send_resolved: false }],
      },
      {
        name: 'pager',
        webhook_configs: [{ url: 'http://127.0.0.1:1/receivers/pager', send_resolved: false }],
      },
      { name: 'nowhere' },
    ]);
    expect(out.templates).toBeUndefined();
  });

  it('keeps matchers and inhibitions as written', () => {
    expect(out.route.routes[0]!.matchers).toEqual(['severity="high"']);
    expect(out.inhibit_rules).toEqual(config.data.inhibit_rules);
  });
});
