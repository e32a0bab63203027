// The page, through a real Alertmanager, as four real `chaos run fd-exhaustion` at once,
// each with a fixture config that reproduces one published defect:
// - the service routes behind severity routes without `continue`: the page reaches
//   high-alerts, where those routes send it, not the on-call receiver --page-receiver
//   names; the drill fails on that check alone and still proves the remediation;
// - a 5-minute group_wait: the page cannot arrive within 2 minutes of firing, which the
//   drill says as soon as Alertmanager holds the alert, naming the route and its line;
// - an unexpanded ${SLACK_WEBHOOK_URL}: Alertmanager refuses the file, so preflight fails
//   with amtool's message and the line, and no Alertmanager is started;
// - ServiceDown inhibiting the connection alerts with `equal: ['instance']`, a label
//   neither carries: the page is inhibited, and the drill says by which alert and rule.
// The passing page with its resolved notification is in all-drills.test.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DrillResult } from '../../src/result/run-result.js';
import { ledgerFiles, readJournal, runChaos, runFolder } from '../helpers/run-chaos.js';

const steps = (drill: DrillResult) => drill.steps.map((s) => [s.name, s.outcome]);

async function withConfig(fixture: string, ...flags: string[]) {
  const run = await runChaos([
    'run',
    'fd-exhaustion',
    '--profile',
    'ci',
    '--alertmanager-config',
    `alerting/fixtures/${fixture}`,
    ...flags,
  ]);
  return { run, drill: readJournal(run.reportRoot).drills[0]! };
}

describe('the page through a real Alertmanager, with each defect', { timeout: 600_000 }, () => {
  it('fails the drill on the wrong receiver, a slow group_wait and a config that does not load', async () => {
    const [unreachable, slow, placeholder, inhibited] = await Promise.all([
      withConfig('unreachable-service-routes.yml', '--page-receiver', 'tickstorm-oncall'),
      withConfig('slow-group-wait.yml'),
      withConfig('placeholder-url.yml'),
      withConfig(
        'inhibit-missing-instance.yml',
        '--rules',
        'alerting/fixtures/inhibit-missing-instance.rules.yml',
      ),
    ]);

    // Wrong receiver: only the receiver check fails; the rest of the drill goes on.
    expect(unreachable.run.code).toBe(1);
    expect(steps(unreachable.drill)).toEqual([
      ['preflight', 'pass'],
      ['baseline', 'pass'],
      ['inject', 'pass'],
      ['expect', 'pass'],
      ['page', 'fail'],
      ['remediate', 'pass'],
      ['verify', 'pass'],
      ['rollback', 'pass'],
    ]);
    const page = unreachable.drill.page!;
    expect(page.checks.map((c) => [c.name, c.outcome])).toEqual([
      ['config loads', 'pass'],
      ['delivered', 'pass'],
      ['receiver', 'fail'],
      ['labels', 'pass'],
      ['annotations', 'pass'],
      ['time to notify', 'pass'],
    ]);
    expect(page.checks[2]!.message).toBe(
      'reached high-alerts, not tickstorm-oncall: the alert\'s labels take route > {severity="high"}',
    );
    expect(page.route).toMatchObject({
      receiver: 'high-alerts',
      trail: 'route > {severity="high"}',
    });
    expect(page.timeToNotify!.fromFiringMs).toBeGreaterThanOrEqual(0);
    expect(page.delivered[0]).toMatchObject({
      meantFor: 'high-alerts',
      status: 'firing',
      labels: {
        alertname: 'TickStormConnectionDropRate',
        severity: 'high',
        instance_id: 'tickstorm-0',
      },
    });
    expect(unreachable.drill.message).toMatch(
      /^page: receiver: reached high-alerts, not tickstorm-oncall/,
    );
    // The reports: one JUnit testcase per delivery check, the page section in summary.md.
    const folder = runFolder(unreachable.run.reportRoot);
    const junit = readFileSync(join(folder, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<testcase classname="fd-exhaustion" name="page: receiver" time="0">\s*<failure type="FAIL"/,
    );
    expect(junit).toMatch(
      /<testcase classname="fd-exhaustion" name="page: labels" time="0">\s*<system-out>/,
    );
    const summary = readFileSync(join(folder, 'summary.md'), 'utf8');
    expect(summary).toContain('### The page');
    expect(summary).toMatch(/- time to notify: [\d.]+ s from the fault, [\d.]+ s from firing/);
    expect(summary).toContain('| receiver | FAIL | reached high-alerts, not tickstorm-oncall');
    const rewritten = readFileSync(join(folder, 'fd-exhaustion', 'alertmanager.yml'), 'utf8');
    // The receiver's secret (in its path and as bearer credentials) stays out of the report.
    expect(rewritten).toMatch(
      /url: http:\/\/127\.0\.0\.1:\d+\/<secret>\/receivers\/tickstorm-oncall/,
    );
    expect(rewritten).toMatch(/type: Bearer\s+credentials: <secret>/);
    expect(rewritten).not.toContain('alert-sink.invalid');

    // Slow group_wait: known as soon as Alertmanager holds the alert, not at the bound.
    // With no --page-receiver, the page must reach where the config routes the rule.
    expect(slow.run.code).toBe(1);
    expect(slow.run.stderr).toContain(
      'page: the page must reach tickstorm-oncall, where alerting/fixtures/slow-group-wait.yml routes {alertname="TickStormConnectionDropRate", severity="high"} (route > {severity="high"})',
    );
    expect(unreachable.run.stderr).toContain(
      'page: the page must reach tickstorm-oncall, named by --page-receiver',
    );
    const slowPage = slow.drill.steps.find((s) => s.name === 'page')!;
    expect(slowPage.outcome).toBe('fail');
    expect(slowPage.message).toMatch(
      /no page for TickStormConnectionDropRate reached any receiver: its route route > \{severity="high"\} \(receiver tickstorm-oncall, .*slow-group-wait.yml:9\) waits group_wait 5m \(30.0 s at this time scale\) before the first notification, so no page can arrive within 12.0 s of firing and 90.0 s of the fault$/,
    );
    expect(slowPage.durationMs).toBeLessThan(slowPage.boundMs!);
    expect(slow.drill.page!.checks.map((c) => [c.name, c.outcome])).toEqual([
      ['config loads', 'pass'],
      ['delivered', 'fail'],
    ]);

    // A config Alertmanager refuses: preflight, with its words and the line; nothing started.
    expect(placeholder.run.code).toBe(1);
    expect(steps(placeholder.drill)).toEqual([
      ['preflight', 'fail'],
      ['rollback', 'pass'],
    ]);
    expect(placeholder.drill.steps[0]!.message).toBe(
      `Alertmanager refuses alerting/fixtures/placeholder-url.yml:11: unsupported scheme "" for URL (line 11: - api_url: '\${SLACK_WEBHOOK_URL}')`,
    );
    expect(placeholder.drill.stack.alertmanager).toBeUndefined();

    // Inhibited on a label neither alert carries: Alertmanager's own status says by what.
    expect(inhibited.run.code).toBe(1);
    const inhibitedPage = inhibited.drill.steps.find((s) => s.name === 'page')!;
    expect(inhibitedPage.outcome).toBe('fail');
    expect(inhibitedPage.message).toMatch(
      /^no page for TickStormConnectionDropRate reached any receiver: Alertmanager inhibits it: inhibited by TickStormServiceDown \{.*\} \(inhibit rule at alerting\/fixtures\/inhibit-missing-instance.yml:14, equal: \[instance\]\); instance is missing on both alerts, which Alertmanager counts as equal$/,
    );
    expect(inhibited.drill.steps.find((s) => s.name === 'verify')!.outcome).toBe('pass');

    for (const { run } of [unreachable, slow, placeholder, inhibited])
      expect(ledgerFiles(run.stateDir)).toEqual([]);
  });
});
