import { describe, expect, it } from 'vitest';
import type { PrometheusClient } from '../prom/client.js';
import { stopConditionProblems } from './stop-preflight.js';

/** A Prometheus with one loaded alert and the series of the metric names given. */
function prometheus(metrics: string[], refused: string[] = []): PrometheusClient {
  return {
    baseUrl: 'http://127.0.0.1:9090',
    query: async (expr: string) => {
      if (refused.includes(expr))
        throw new Error('execution: many-to-many matching not allowed\nmore detail');
      return { resultType: 'vector', samples: [] };
    },
    rules: async () => [{ name: 'g', rules: [{ type: 'alerting', name: 'Loaded' }] }],
    series: async ([match]: string[]) =>
      metrics.some((m) => match === m || match === `{__name__="${m}"}`)
        ? [{ __name__: match }]
        : [],
  } as unknown as PrometheusClient;
}

const conditions = (...queries: string[]) =>
  queries.map((query, i) => ({ name: query, query, from: `stopWhen[${i}]` }));

const check = (metrics: string[], ...queries: string[]) =>
  stopConditionProblems({
    prometheus: prometheus(metrics),
    conditions: conditions(...queries),
    sleep: async () => {},
    scrapeIntervalMs: 1,
  });

describe('stop conditions that could never hold', () => {
  it('accepts an alert that is loaded but not firing, and a metric that exists', async () => {
    expect(
      await check(
        ['errors_total'],
        'ALERTS{alertname="Loaded"}',
        'rate(errors_total{code="5"}[1m]) > 1',
      ),
    ).toEqual([]);
  });

  it('refuses a metric with no series and an alert no rule defines, in their order', async () => {
    expect(
      await check([], 'ALERTS{alertname="Missing",alertstate="firing"}', 'erors_total > 0'),
    ).toEqual([
      'stop condition `ALERTS{alertname="Missing",alertstate="firing"}` (stopWhen[0]) can never hold: its selector ALERTS{alertname="Missing",alertstate="firing"} names alert Missing, which no rule loaded in the Prometheus at http://127.0.0.1:9090 defines; name an alert it loads (GET /api/v1/rules)',
      'stop condition `erors_total > 0` (stopWhen[1]) can never hold: its selector erors_total matches no series in the Prometheus at http://127.0.0.1:9090; check the metric name (a typo?) against what Prometheus scrapes',
    ]);
  });

  it('cannot judge an ALERTS regex, and lets absent() wait for what is missing', async () => {
    expect(await check([], 'ALERTS{alertname=~"Any.*"}')).toEqual([]);
    expect(await check([], 'absent(up{job="api"})')).toEqual([]);
  });

  it('refuses a condition Prometheus will not evaluate, though it parses', async () => {
    const query = 'up >= on() group_left up';
    expect(
      await stopConditionProblems({
        prometheus: prometheus(['up'], [query]),
        conditions: conditions(query),
        sleep: async () => {},
        scrapeIntervalMs: 1,
      }),
    ).toEqual([
      'stop condition `up >= on() group_left up` (stopWhen[0]) cannot be evaluated by the Prometheus at http://127.0.0.1:9090: execution: many-to-many matching not allowed',
    ]);
  });
});
