// Integration: `chaos explain` and the drill preflight (analyzeAlert) against a real
// Prometheus scraping the runbook's series with their published label sets.

import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosBin, projectRoot } from '../../src/paths.js';
import { explain, renderExplanation } from '../../src/prom/explain/explain.js';
import { analyzeAlert } from '../../src/prom/preflight.js';
import { startDropRateFixture } from './support/drop-rate-fixture.js';
import type { DropRateFixture } from './support/drop-rate-fixture.js';

const ERRORS = 'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[1m])';
const TOTAL = 'rate(tick_storm_total_connections_total[1m])';
const PUBLISHED = `${ERRORS} / ${TOTAL} * 100 > 0.5`;
const CORRECTED = `sum by (instance_id) (${ERRORS}) / sum by (instance_id) (${TOTAL}) * 100 > 0.5`;

let fixture: DropRateFixture;

beforeAll(async () => {
  fixture = await startDropRateFixture();
});

afterAll(async () => {
  await fixture?.stop();
});

describe('explain against a real Prometheus', () => {
  it('marks the division of the published rule as where series vanish, naming error_type', async () => {
    const explanation = await explain(fixture.prometheus.client, PUBLISHED);
    expect(explanation.vanishing?.node.expr).toBe(`${ERRORS} / ${TOTAL}`);
    expect(explanation.vanishing?.cause).toBe('vector-matching');
    expect(explanation.vanishing?.reason).toMatch(
      /^vector matching on `\/` paired nothing: the left side carries error_type that the right side lacks/,
    );
    const [left, right] = explanation.vanishing!.node.children;
    expect(left!.result?.series).toBe(1);
    expect(right!.result?.series).toBe(1);
    const text = renderExplanation(explanation);
    expect(text).toContain('◀ series vanish here (vector-matching)');
    expect(text).toContain('ignoring(error_type)');
  });

  it('returns the drop rate through the corrected rule, with nothing marked', async () => {
    const explanation = await explain(fixture.prometheus.client, CORRECTED);
    expect(explanation.vanishing).toBeUndefined();
    expect(explanation.tree.result?.series).toBe(1);
    expect(explanation.summary).toMatch(/^it returns 1 series: \{instance_id="a"\} /);
  });

  it('names an absent metric', async () => {
    const explanation = await explain(
      fixture.prometheus.client,
      'rate(tick_storm_no_such_metric_total[1m]) > 0',
    );
    expect(explanation.vanishing).toMatchObject({ cause: 'absent-metric' });
    expect(explanation.vanishing?.node.expr).toBe('tick_storm_no_such_metric_total');
    expect(explanation.vanishing?.reason).toBe(
      'metric tick_storm_no_such_metric_total has no series at all in Prometheus: nothing exports it (or nothing increments it)',
    );
  });

  it('names the label filter that removes every series, with the values there are', async () => {
    const explanation = await explain(
      fixture.prometheus.client,
      'sum(rate(tick_storm_connection_errors_total{error_type="reset"}[1m]))',
    );
    expect(explanation.vanishing).toMatchObject({ cause: 'label-filter' });
    expect(explanation.vanishing?.reason).toBe(
      'label filter error_type="reset" removes every series; error_type has the values "connection_dropped", "heartbeat_timeout"',
    );
  });

  it('says when a comparison filtered all, with the values', async () => {
    const explanation = await explain(
      fixture.prometheus.client,
      CORRECTED.replace('> 0.5', '> 50'),
    );
    expect(explanation.vanishing).toMatchObject({ cause: 'comparison' });
    expect(explanation.vanishing?.reason).toMatch(
      /^comparison > 50 filtered all 1 series; their values: \{instance_id="a"\} \d/,
    );
  });

  it('says when values are NaN (0/0) and the comparison drops them', async () => {
    const expr =
      'rate(tick_storm_idle_errors_total[1m]) / rate(tick_storm_idle_connections_total[1m]) > 0.5';
    const explanation = await explain(fixture.prometheus.client, expr);
    expect(explanation.nan?.expr).toBe(
      'rate(tick_storm_idle_errors_total[1m]) / rate(tick_storm_idle_connections_total[1m])',
    );
    expect(explanation.vanishing?.reason).toMatch(/filtered all 1 series: their values are NaN/);
    // 0/0 named for what it is: both counters exist and never moved, with the series read.
    expect(explanation.summary).toContain(
      '(0/0: both counters flat: both sides are 0 for every series, the counters under them did not move in the window; series read: `tick_storm_idle_errors_total` (1 series: {__name__="tick_storm_idle_errors_total", instance="',
    );
    expect(explanation.summary).toMatch(/`tick_storm_idle_connections_total` \(1 series: /);
  });

  it('chaos explain prints the tree and exits 1 when the expression returns nothing', async () => {
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [chaosBin, 'explain', PUBLISHED, '--prometheus', fixture.prometheus.url],
        { cwd: projectRoot, timeout: 60_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ ${ERRORS} / rate(`); // long lines are shortened
    expect(result.stdout).toContain('series vanish at');
  });
});

describe('analyzeAlert (drill preflight)', () => {
  it('fails the published rule in seconds, with the explanation', async () => {
    const analysis = await analyzeAlert(fixture.prometheus.client, PUBLISHED, {
      alert: 'TickStormConnectionDropRate',
      scrapeIntervalMs: 1_000,
    });
    expect(analysis.ok).toBe(false);
    expect(analysis.findings.map((finding) => `${finding.severity} ${finding.check}`)).toEqual([
      'error vector-matching',
      'error empty-alert-value',
    ]);
    expect(analysis.explanation).toContain('◀ series vanish here (vector-matching)');
  });

  it('passes the corrected rule', async () => {
    const analysis = await analyzeAlert(fixture.prometheus.client, CORRECTED, {
      scrapeIntervalMs: 1_000,
      for: '30s',
    });
    expect(analysis).toEqual({ ok: true, findings: [] });
  });

  it('fails an alert over a metric that does not exist', async () => {
    const analysis = await analyzeAlert(
      fixture.prometheus.client,
      'rate(tick_storm_no_such_metric_total[1m]) > 0',
      { scrapeIntervalMs: 1_000 },
    );
    expect(analysis.ok).toBe(false);
    expect(analysis.findings.map((finding) => finding.check)).toEqual([
      'absent-metric',
      'empty-alert-value',
    ]);
  });

  it('without a Prometheus, reports static findings only', async () => {
    const analysis = await analyzeAlert(null, PUBLISHED, { scrapeIntervalMs: 1_000 });
    expect(analysis.ok).toBe(true); // likely, not certain, without the real series
    expect(analysis.findings.map((finding) => `${finding.severity} ${finding.check}`)).toEqual([
      'warning vector-matching',
    ]);
    const broken = await analyzeAlert(null, 'rate(x[5m]) by (a) > 1');
    expect(broken.ok).toBe(false);
  });
});
