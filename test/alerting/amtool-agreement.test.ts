// Our routing walk and our rewrite, held to Alertmanager's own tool: for every config we
// ship and a spread of label sets, `amtool config routes test` names the same receivers
// as routeAlert, on the user's file and on the drill's rewritten copy alike; the copy
// loads (amtool check-config) even when it replaced receivers the original could not load.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAlertmanagerConfig } from '../../src/alerting/am-config.js';
import { checkConfig, routesTest } from '../../src/alerting/amtool.js';
import { drillAlertmanagerConfig } from '../../src/alerting/drill-config.js';
import { routeAlert } from '../../src/alerting/route-walk.js';

const CONFIGS = [
  'alerting/alertmanager.yml',
  'alerting/fixtures/unreachable-service-routes.yml',
  'alerting/fixtures/slow-group-wait.yml',
  'alerting/fixtures/inhibit-missing-instance.yml',
  'alerting/fixtures/placeholder-url.yml',
];

const LABEL_SETS: Record<string, string>[] = [
  { alertname: 'TickStormConnectionDropRate', severity: 'high', instance_id: 'tickstorm-0' },
  { alertname: 'TickStormServiceDown', severity: 'critical', job: 'tickstorm' },
  { alertname: 'TickStormHeartbeatTimeouts', severity: 'medium', service: 'tickstorm' },
  { alertname: 'TickStormAuthFailures', service: 'tickstorm' },
  { alertname: 'SomethingElse', severity: 'low' },
  { alertname: 'Unlabelled' },
];

const scratch = mkdtempSync(join(tmpdir(), 'chaos-amtool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('routing agrees with amtool (real amtool)', { timeout: 120_000 }, () => {
  for (const file of CONFIGS) {
    it(`${file}: the same receivers for every label set, before and after the drill's rewrite`, async () => {
      const config = loadAlertmanagerConfig(file);
      const rewritten = join(scratch, file.replace(/\//g, '_'));
      writeFileSync(
        rewritten,
        drillAlertmanagerConfig(config, {
          webhookUrl: (name) => `http://127.0.0.1:9/receivers/${name}`,
          timeScale: 0.1,
        }),
      );
      expect(await checkConfig(rewritten)).toEqual({ loads: true });
      // amtool routes only a file it loads: the placeholder fixture is compared rewritten.
      const originalLoads = (await checkConfig(file)).loads;
      expect(originalLoads).toBe(!file.includes('placeholder'));
      for (const labels of LABEL_SETS) {
        const ours = routeAlert(config.route, labels).map((m) => m.route.receiver);
        if (originalLoads)
          expect(await routesTest(file, labels), JSON.stringify(labels)).toEqual(ours);
        expect(await routesTest(rewritten, labels), JSON.stringify(labels)).toEqual(ours);
      }
    });
  }

  it('agrees where `continue: true` sends one alert to several receivers', async () => {
    const file = join(scratch, 'continue.yml');
    writeFileSync(
      file,
      `route:
  receiver: default
  routes:
    - matchers: ['severity=~"high|critical"']
      receiver: pager
      continue: true
    - match_re: { alertname: 'TickStorm.*' }
      receiver: team
      routes:
        - match: { instance_id: tickstorm-0 }
          receiver: first-instance
receivers: [{ name: default }, { name: pager }, { name: team }, { name: first-instance }]
`,
    );
    const config = loadAlertmanagerConfig(file);
    for (const labels of LABEL_SETS) {
      const ours = routeAlert(config.route, labels).map((m) => m.route.receiver);
      expect(await routesTest(file, labels), JSON.stringify(labels)).toEqual(ours);
    }
    expect(routeAlert(config.route, LABEL_SETS[0]!).map((m) => m.route.receiver)).toEqual([
      'pager',
      'first-instance',
    ]);
  });

  it('says why a config does not load, with the line it is on', async () => {
    expect(await checkConfig('alerting/fixtures/placeholder-url.yml')).toEqual({
      loads: false,
      message: 'unsupported scheme "" for URL',
      line: 11,
      lineText: "- api_url: '${SLACK_WEBHOOK_URL}'",
    });
  });
});
