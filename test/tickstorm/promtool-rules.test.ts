// The published connection-drop alert against the label sets the reference target
// really exports, evaluated by a real `promtool test rules`: at a 10 % drop rate the
// published expression returns nothing, while the corrected rule (sum by instance_id)
// and an ignoring(error_type) variant return 10 and fire.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { projectRoot } from '../../src/paths.js';
import { MessageType } from '../../src/tickstorm/frame.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { type MetricFamily, scrape } from './scrape.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

const publishedRules = join(projectRoot, 'rules', 'tickstorm-published.rules.yml');
const correctedRules = join(projectRoot, 'rules', 'tickstorm-corrected.rules.yml');
const ERRORS = 'tick_storm_connection_errors_total';
const TOTAL = 'tick_storm_total_connections_total';
const ignoringVariant = `rate(${ERRORS}{error_type="connection_dropped"}[5m]) / ignoring(error_type) rate(${TOTAL}[5m]) * 100 > 0.5`;

interface Rule {
  alert: string;
  expr: string;
  annotations: Record<string, string>;
}
const ruleIn = (file: string): Rule =>
  (parse(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] }).groups[0]!.rules[0]!;

let dir: string;
let target: RunningTarget;
let families: MetricFamily[];
/** What Prometheus adds when it scrapes the target. */
const scrapeLabels = { job: 'tickstorm', instance: '127.0.0.1:9090' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promtool-drop-rate-'));
  target = await startTarget({
    port: 0,
    metricsPort: 0,
    healthPort: 0,
    instanceId: 'promtool-test',
  });
  // One drop and one clean close, so both runbook series carry real values.
  const rude = await TestClient.connect(target.streamAddress);
  rude.send(MessageType.HEARTBEAT);
  await rude.closedByServer();
  await (await TestClient.subscribed(target.streamAddress)).end();
  await waitFor('both sessions to end', () => target.stats().active === 0);
  families = await scrape(target.metricsUrl);
});

afterAll(async () => {
  await target?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The one label set the target exports for `name`, plus the labels a scrape adds. */
function exportedLabels(name: string): Record<string, string> {
  const samples = families.find((f) => f.name === name)?.metrics ?? [];
  expect(samples, `${name} has exactly one series on the target`).toHaveLength(1);
  return { ...samples[0]!.labels, ...scrapeLabels };
}

function selector(name: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `${name}{${pairs.join(', ')}}`;
}

/** 10 connections a second, 1 dropped: 10 %, for 20 minutes at a 15 s scrape interval. */
function inputSeries() {
  return [
    { series: selector(TOTAL, exportedLabels(TOTAL)), values: '0+150x80' },
    { series: selector(ERRORS, exportedLabels(ERRORS)), values: '0+15x80' },
  ];
}

function promtool(
  name: string,
  rulesFile: string,
  tests: object[],
): { status: number | null; output: string } {
  const file = join(dir, `${name}.test.yml`);
  writeFileSync(file, stringify({ rule_files: [rulesFile], evaluation_interval: '30s', tests }));
  const run = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const dropRateAnnotations = (rule: Rule) => ({
  ...rule.annotations,
  description: 'Instance promtool-test drops 10.00% of its connections.',
});

describe('the drop-rate alert in promtool, on the target’s exported label sets', () => {
  it('exports the runbook series with the published label sets', () => {
    expect(Object.keys(exportedLabels(ERRORS)).sort()).toEqual([
      'error_type',
      'instance',
      'instance_id',
      'job',
    ]);
    expect(Object.keys(exportedLabels(TOTAL)).sort()).toEqual(['instance', 'instance_id', 'job']);
  });

  it('published rule: both sides have data, yet the ratio returns nothing and nothing fires', () => {
    const rule = ruleIn(publishedRules);
    const run = promtool('published', publishedRules, [
      {
        interval: '15s',
        input_series: inputSeries(),
        promql_expr_test: [
          {
            expr: `rate(${ERRORS}[5m])`,
            eval_time: '15m',
            exp_samples: [{ labels: selector('', exportedLabels(ERRORS)), value: 1 }],
          },
          {
            expr: `rate(${TOTAL}[5m])`,
            eval_time: '15m',
            exp_samples: [{ labels: selector('', exportedLabels(TOTAL)), value: 10 }],
          },
          { expr: rule.expr, eval_time: '15m', exp_samples: [] },
        ],
        alert_rule_test: [{ alertname: rule.alert, eval_time: '15m', exp_alerts: [] }],
      },
    ]);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('negative control: promtool fails when told the published rule fires', () => {
    const rule = ruleIn(publishedRules);
    const run = promtool('published-fires', publishedRules, [
      {
        interval: '15s',
        input_series: inputSeries(),
        alert_rule_test: [
          {
            alertname: rule.alert,
            eval_time: '15m',
            exp_alerts: [{ exp_labels: { severity: 'high', instance_id: 'promtool-test' } }],
          },
        ],
      },
    ]);
    expect(run.output).toContain('FAILED');
    expect(run.status).not.toBe(0);
  });

  it('corrected rule (sum by instance_id): the ratio is 10 and the alert fires', () => {
    const rule = ruleIn(correctedRules);
    const run = promtool('corrected', correctedRules, [
      {
        interval: '15s',
        input_series: inputSeries(),
        promql_expr_test: [
          {
            expr: rule.expr,
            eval_time: '15m',
            exp_samples: [{ labels: '{instance_id="promtool-test"}', value: 10 }],
          },
        ],
        alert_rule_test: [
          {
            alertname: rule.alert,
            eval_time: '15m',
            exp_alerts: [
              {
                exp_labels: { severity: 'high', instance_id: 'promtool-test' },
                exp_annotations: dropRateAnnotations(rule),
              },
            ],
          },
        ],
      },
    ]);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('ignoring(error_type) variant: the ratio is 10 and the alert fires', () => {
    const published = ruleIn(publishedRules);
    const rulesFile = join(dir, 'ignoring.rules.yml');
    writeFileSync(
      rulesFile,
      stringify({
        groups: [
          {
            name: 'tickstorm.connections',
            interval: '30s',
            rules: [{ ...published, expr: ignoringVariant }],
          },
        ],
      }),
    );
    const { error_type: _dropped, ...matched } = exportedLabels(ERRORS);
    const run = promtool('ignoring', rulesFile, [
      {
        interval: '15s',
        input_series: inputSeries(),
        promql_expr_test: [
          {
            expr: ignoringVariant,
            eval_time: '15m',
            exp_samples: [{ labels: selector('', matched), value: 10 }],
          },
        ],
        alert_rule_test: [
          {
            alertname: published.alert,
            eval_time: '15m',
            exp_alerts: [
              {
                exp_labels: { severity: 'high', ...matched },
                exp_annotations: dropRateAnnotations(published),
              },
            ],
          },
        ],
      },
    ]);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
