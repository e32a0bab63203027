// Integration: verification outcomes and alert states against a real Prometheus that
// scrapes a real metrics server and evaluates the repository's rules, time-scaled.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { PrometheusClient } from '../../src/prom/client.js';
import { alertState } from '../../src/prom/alert-state.js';
import type { AlertState } from '../../src/prom/alert-state.js';
import { findAlert, parseRulesFile } from '../../src/prom/rules-file.js';
import { scaleRules } from '../../src/prom/rules-scale.js';
import { currentValue, verify } from '../../src/prom/verification.js';
import { stripFinalComparison } from '../../src/prom/promql/final-comparison.js';
import { startMetricsServer } from './support/metrics-server.js';
import type { MetricsServer } from './support/metrics-server.js';
import { startPrometheus, until } from './support/prometheus-process.js';
import type { RunningPrometheus } from './support/prometheus-process.js';

// 5m windows become 6 s, `for: 5m` 6 s, the 30 s group interval 600 ms.
const FACTOR = 0.02;
const ERRORS = 'tick_storm_connection_errors_total';
const TOTAL = 'tick_storm_total_connections_total';

let metrics: MetricsServer;
let prometheus: RunningPrometheus;
let publishedExpr: string;
let correctedExpr: string;

beforeAll(async () => {
  const corrected = await rulesAt('rules/tickstorm-corrected.rules.yml');
  const published = await rulesAt('rules/tickstorm-published.rules.yml');
  correctedExpr = findAlert(corrected.scaledFile, 'TickStormConnectionDropRate').expr;
  publishedExpr = findAlert(published.scaledFile, 'TickStormConnectionDropRate').expr;

  metrics = await startMetricsServer();
  // 1 drop in 10 connections: a 10 % drop rate, far above the 0.5 % threshold.
  metrics.grow(ERRORS, { instance_id: 'a', error_type: 'connection_dropped' }, 1);
  metrics.grow(TOTAL, { instance_id: 'a' }, 10);
  prometheus = await startPrometheus({
    targets: [metrics.hostPort],
    rules: { 'corrected.rules.yml': corrected.scaledText },
  });
  await until(
    60_000,
    async () =>
      (await currentValue(prometheus.client, dropRate(correctedExpr))).value !== null
        ? true
        : undefined,
    () => 'the drop rate never appeared (need two scrapes in the window)',
  );
});

afterAll(async () => {
  await prometheus?.stop();
  await metrics?.close();
});

describe('verify against a real Prometheus', () => {
  it('passes when the condition holds for real values', async () => {
    const verdict = await verify(prometheus.client, correctedExpr);
    expect(verdict.outcome).toBe('pass');
    expect(verdict.evidence.queries[0]!.samples![0]!.labels).toEqual({ instance_id: 'a' });
    expect(verdict.evidence.queries[0]!.samples![0]!.value).toBeGreaterThan(0.5);
  });

  it('fails with the values when the drop rate misses the threshold', async () => {
    const verification = `${dropRate(correctedExpr)} < 0.5`;
    const time = new Date();
    const verdict = await verify(prometheus.client, verification, time);
    expect(verdict.outcome).toBe('fail');
    expect(verdict.evidence.queries.map((query) => [query.expr, query.time])).toEqual([
      [verification, time],
      [dropRate(correctedExpr), time],
    ]);
    const [sample] = verdict.evidence.queries[1]!.samples!;
    expect(sample!.labels).toEqual({ instance_id: 'a' });
    expect(sample!.value).toBeGreaterThan(0.5);
    expect(verdict.evidence.explanation).toMatch(/failed `value < 0.5`: \{instance_id="a"\} /);
  });

  it('is no-data, never pass, when the series is absent', async () => {
    const verdict = await verify(
      prometheus.client,
      'rate(tick_storm_no_such_metric_total[6s]) * 100 < 0.5',
    );
    expect(verdict.outcome).toBe('no-data');
    expect(verdict.evidence.explanation).toMatch(/returned no series either/);
  });

  it('is no-data for the published rule: its labels never match, at any drop rate', async () => {
    // The same expression with `<` would "pass" vacuously if emptiness counted as success.
    const published = await verify(prometheus.client, publishedExpr);
    expect(published.outcome).toBe('no-data');
    const inverted = await verify(prometheus.client, `${dropRate(publishedExpr)} < 0.5`);
    expect(inverted.outcome).toBe('no-data');
    expect(inverted.evidence.queries[1]!.samples).toEqual([]);
  });

  it('is an error when the query itself fails', async () => {
    const bad = await verify(
      prometheus.client,
      'rate(tick_storm_total_connections_total[5m]) by (error_type)',
    );
    expect(bad.outcome).toBe('error');
    expect(bad.evidence.explanation).toMatch(/^the query failed: Prometheus rejected .*bad_data/);
    const gone = await verify(
      new PrometheusClient('http://127.0.0.1:1', { timeoutMs: 2_000 }),
      'up',
    );
    expect(gone.outcome).toBe('error');
  });
});

describe('alertState against a real Prometheus', () => {
  it('reports a rule that is not loaded', async () => {
    expect(await alertState(prometheus.client, 'NoSuchAlert')).toMatchObject({
      loaded: false,
      state: 'inactive',
    });
  });

  it('sees the scaled corrected alert go pending, then firing', async () => {
    const seen: AlertState[] = [];
    const firing = await until(
      120_000,
      async () => {
        const state = await alertState(prometheus.client, 'TickStormConnectionDropRate');
        seen.push(state);
        return state.state === 'firing' ? state : undefined;
      },
      () =>
        `the alert never fired; states seen: ${[...new Set(seen.map((state) => state.state))].join(', ')}`,
    );
    expect(firing).toMatchObject({
      loaded: true,
      group: 'tickstorm.connections',
      health: 'ok',
      labels: { instance_id: 'a', severity: 'high' },
    });
    expect(firing.value).toBeGreaterThan(0.5);
    const pending = seen.find((state) => state.state === 'pending');
    expect(pending, 'a pending state was observed before firing').toBeDefined();
    expect(firing.activeAt).toEqual(pending!.activeAt);
  });
});

async function rulesAt(relative: string) {
  const file = parseRulesFile(await readFile(join(projectRoot, relative), 'utf8'), relative);
  const scaledText = scaleRules(file, FACTOR);
  return { scaledText, scaledFile: parseRulesFile(scaledText, `${relative} (scaled)`) };
}

// The ratio without its `> 0.5`.
function dropRate(expr: string): string {
  return stripFinalComparison(expr)!.value;
}
