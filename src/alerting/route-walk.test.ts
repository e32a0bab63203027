import { describe, expect, it } from 'vitest';
import { parseAlertmanagerConfig } from './am-config.js';
import { routeAlert, trailText } from './route-walk.js';

const config = parseAlertmanagerConfig(
  `route:
  receiver: default
  group_wait: 10s
  routes:
    - matchers: ['severity="high"']
      receiver: high
      group_wait: 5m
      continue: true
    - match_re: { service: 'tick.*' }
      receiver: team
      routes:
        - match: { alertname: Down }
          receiver: oncall
receivers: [{ name: default }, { name: high }, { name: team }, { name: oncall }]
`,
  'am.yml',
);

describe('routing an alert through the tree', () => {
  it('takes every matching route while continue is true, depth first', () => {
    const found = routeAlert(config.route, {
      severity: 'high',
      service: 'tickstorm',
      alertname: 'Down',
    });
    expect(found.map((f) => f.route.receiver)).toEqual(['high', 'oncall']);
    expect(trailText(found[1]!.trail)).toBe('route > {service=~"tick.*"} > {alertname="Down"}');
  });

  it('a route none of whose children match handles the alert itself, with inherited timings', () => {
    const [team] = routeAlert(config.route, { service: 'tickstorm', alertname: 'Other' });
    expect(team!.route.receiver).toBe('team');
    expect(team!.route.groupWaitMs).toBe(10_000);
    const [root] = routeAlert(config.route, { alertname: 'Nothing' });
    expect(root!.route.path).toBe('route');
  });

  it('names the line and path of each route, and refuses a route without a receiver at the root', () => {
    expect(config.route.children[1]!.line).toBe(9);
    expect(config.route.children[1]!.children[0]!.path).toBe('route.routes[1].routes[0]');
    expect(() => parseAlertmanagerConfig('route: {}\n', 'x.yml')).toThrow(
      /x.yml:1: route: the root route must name a `receiver`/,
    );
    expect(() =>
      parseAlertmanagerConfig('route:\n  receiver: a\n  group_wait: soon\n', 'x.yml'),
    ).toThrow(/x.yml:3: route.group_wait: expected a duration/);
  });
});
