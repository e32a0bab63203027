import { describe, expect, it } from 'vitest';
import type { ConfigVerdict } from '../alerting/amtool.js';
import { findAlert, loadRulesFile } from '../prom/rules-file.js';
import type { ScenarioInput } from './define-scenario.js';
import { pagePlanOf, type PageInputs } from './plan-page.js';
import { ScenarioError } from './scenario-error.js';
import { resolveProjectFile } from './scenario-files.js';

const rule = findAlert(
  await loadRulesFile('rules/tickstorm-corrected.rules.yml'),
  'TickStormConnectionDropRate',
);
const scenario = {
  page: { alertmanagerConfig: 'alerting/alertmanager.yml', receiver: 'tickstorm-oncall' },
} as ScenarioInput;
const LOADS: ConfigVerdict = { loads: true };
const REFUSED: ConfigVerdict = {
  loads: false,
  message: 'unsupported scheme "" for URL',
  line: 11,
  lineText: "- api_url: '${SLACK_WEBHOOK_URL}'",
};

/** The page plan with `flags` as on the command line, amtool's verdict given. */
function plan(flags: Partial<PageInputs>, verdict: ConfigVerdict = LOADS) {
  const given = { rule, rulesShown: 'rules/tickstorm-corrected.rules.yml', ...flags };
  const file = resolveProjectFile(given.alertmanagerConfig ?? scenario.page!.alertmanagerConfig);
  return pagePlanOf(scenario, 'scenarios/x.ts', 0.1, given, file, verdict);
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('the receiver the page must reach', () => {
  it("the scenario's own config: the scenario's receiver", () => {
    expect(plan({})).toMatchObject({ receiver: 'tickstorm-oncall', receiverFrom: 'scenario' });
  });

  it('--alertmanager-config: where its routes send the rule, not the scenario', () => {
    expect(plan({ alertmanagerConfig: 'alerting/alertmanager.yml' })).toMatchObject({
      receiver: 'tickstorm-oncall',
      receiverFrom: 'routing',
    });
    expect(
      plan({ alertmanagerConfig: 'alerting/fixtures/unreachable-service-routes.yml' }),
    ).toMatchObject({
      receiver: 'high-alerts',
      receiverFrom: 'routing',
      receiverWhy:
        'where alerting/fixtures/unreachable-service-routes.yml routes {alertname="TickStormConnectionDropRate", severity="high"} (route > {severity="high"})',
    });
  });

  it('--page-receiver overrides both', () => {
    expect(
      plan({
        alertmanagerConfig: 'alerting/fixtures/unreachable-service-routes.yml',
        pageReceiver: 'tickstorm-oncall',
      }),
    ).toMatchObject({ receiver: 'tickstorm-oncall', receiverFrom: '--page-receiver' });
    expect(plan({ pageReceiver: 'tickstorm-team' })).toMatchObject({
      receiver: 'tickstorm-team',
    });
  });

  it('a refusal alone is left to the preflight, with the verdict in the plan', () => {
    expect(
      plan({ alertmanagerConfig: 'alerting/fixtures/placeholder-url.yml' }, REFUSED),
    ).toMatchObject({ receiver: 'tickstorm-oncall', verdict: REFUSED });
  });

  it("every problem of the config at once: Alertmanager's refusal and a missing receiver", () => {
    expect(
      problems(() =>
        plan(
          { alertmanagerConfig: 'alerting/fixtures/placeholder-url.yml', pageReceiver: 'nope' },
          REFUSED,
        ),
      ),
    ).toEqual([
      `--alertmanager-config: Alertmanager refuses alerting/fixtures/placeholder-url.yml:11: unsupported scheme "" for URL (line 11: - api_url: '\${SLACK_WEBHOOK_URL}')`,
      '--page-receiver: expected a receiver defined in alerting/fixtures/placeholder-url.yml (tickstorm-oncall), got "nope"',
    ]);
    expect(
      problems(() =>
        pagePlanOf(
          { page: { ...scenario.page!, receiver: 'oncall' } } as ScenarioInput,
          'scenarios/x.ts',
          1,
          { rule, rulesShown: 'r.yml' },
          resolveProjectFile('alerting/fixtures/placeholder-url.yml'),
          REFUSED,
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^page\.alertmanagerConfig: Alertmanager refuses /),
      'page.receiver: expected a receiver defined in alerting/fixtures/placeholder-url.yml (tickstorm-oncall), got "oncall"',
    ]);
  });

  it('a flag for a scenario that states no page', () => {
    expect(
      problems(() =>
        pagePlanOf(
          {} as ScenarioInput,
          's.ts',
          1,
          { rule, rulesShown: 'r', pageReceiver: 'x' },
          '',
          null,
        ),
      ),
    ).toEqual([
      'page: --page-receiver given, but this scenario states no page (add `page: { alertmanagerConfig, receiver, … }`)',
    ]);
  });
});
