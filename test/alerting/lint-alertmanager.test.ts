// `chaos lint alertmanager.yml rules.yml`, as a user runs it: each fixture flagged for
// the defect it was written to show (Alertmanager's own refusal quoted, the route no
// alert reaches and what stops it, the inhibition on a label neither alert carries, a
// runbook link to nowhere), and the config the drills use by default clean.

import { describe, expect, it } from 'vitest';
import { runChaos } from '../helpers/run-chaos.js';

const RULES = 'rules/tickstorm-corrected.rules.yml';
const lint = (...files: string[]) => runChaos(['lint', ...files], { timeoutMs: 60_000 });

describe('chaos lint on Alertmanager configs (real amtool)', { timeout: 120_000 }, () => {
  it('the default config routes the drop alert to on-call, with no finding', async () => {
    const run = await lint('alerting/alertmanager.yml', RULES);
    expect(run.stdout).toContain(
      'alerting/alertmanager.yml: TickStormConnectionDropRate (rules/tickstorm-corrected.rules.yml:8) routes to tickstorm-oncall by route > {alertname=~"TickStorm.*"} > {severity=~"critical|high"}',
    );
    expect(run.stdout).toMatch(/no findings: 1 expression and 1 Alertmanager config in 2 files/);
    expect(run.code).toBe(0);
  });

  it('a config Alertmanager refuses: its message and the line', async () => {
    const run = await lint('alerting/fixtures/placeholder-url.yml', RULES);
    expect(run.stdout).toContain(
      `alerting/fixtures/placeholder-url.yml:11:1: error [alertmanager-config] alertmanager config: Alertmanager refuses this config, so no notification is ever sent: unsupported scheme "" for URL (line 11: - api_url: '\${SLACK_WEBHOOK_URL}')`,
    );
    expect(run.code).toBe(1);
  });

  it('routes no alert can reach, behind severity routes without continue', async () => {
    const run = await lint('alerting/fixtures/unreachable-service-routes.yml', RULES);
    expect(run.stdout).toMatch(
      /unreachable-service-routes.yml:16:1: error \[unreachable-route\] route route.routes\[3\] \(receiver tickstorm-team\): no alert of the rules given can reach it \(nor its 1 sub-route\): TickStormConnectionDropRate stops at route.routes\[1\] \{severity="high"\} first/,
    );
    expect(run.stdout).toMatch(
      /TickStormConnectionDropRate .* routes to high-alerts by route > \{severity="high"\}/,
    );
    expect(run.code).toBe(1);
  });

  it('an inhibition on a label neither alert carries', async () => {
    const run = await lint(
      'alerting/fixtures/inhibit-missing-instance.yml',
      'alerting/fixtures/inhibit-missing-instance.rules.yml',
    );
    expect(run.stdout).toMatch(
      /inhibit-missing-instance.yml:14:1: error \[inhibit-equal\] .*neither TickStormServiceDown .* nor TickStormConnectionDropRate .* carries `instance`/,
    );
    expect(run.code).toBe(1);
  });

  it('a runbook_url that points at none of the runbooks given is a warning', async () => {
    const run = await lint(
      'alerting/alertmanager.yml',
      'alerting/fixtures/inhibit-missing-instance.rules.yml',
      'runbooks/tickstorm-connection-drops.md',
    );
    expect(run.stdout).toMatch(
      /inhibit-missing-instance.rules.yml:16:1: warning \[runbook-url\] alert TickStormConnectionDropRate: runbook_url https:\/\/runbooks.tickstorm.invalid\/connection-drops points at none of the runbooks given/,
    );
  });
});
