// Integration: the API client against a real Prometheus scraping a real metrics server.

import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/prom/client.js';
import { PrometheusError } from '../../src/prom/prometheus-error.js';
import { startMetricsServer } from './support/metrics-server.js';
import type { MetricsServer } from './support/metrics-server.js';
import { startPrometheus, until } from './support/prometheus-process.js';
import type { RunningPrometheus } from './support/prometheus-process.js';

let metrics: MetricsServer;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  metrics = await startMetricsServer();
  metrics.set('chaos_test_value', { kind: 'half' }, 0.5);
  metrics.set('chaos_test_value', { kind: 'nan' }, NaN);
  metrics.set('chaos_test_value', { kind: 'inf' }, Infinity);
  metrics.grow('chaos_test_requests_total', { instance_id: 'a' }, 10);
  prometheus = await startPrometheus({
    targets: [metrics.hostPort],
    rules: { 'empty.rules.yml': 'groups: []\n' },
  });
  await until(
    60_000,
    async () => {
      const result = await prometheus.client.query('count(chaos_test_value)');
      return result.resultType === 'vector' && result.samples[0]?.value === 3 ? true : undefined;
    },
    () => 'the metrics server was never scraped',
  );
});

afterAll(async () => {
  await prometheus?.stop();
  await metrics?.close();
});

describe('PrometheusClient against a real Prometheus', () => {
  it('answers ready and lists the scrape target as up', async () => {
    expect(await prometheus.client.ready()).toBe(true);
    const targets = await prometheus.client.targets();
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      scrapePool: 'test',
      health: 'up',
      scrapeUrl: `http://${metrics.hostPort}/metrics`,
    });
  });

  it('returns instant vectors with NaN and ±Inf as numbers', async () => {
    const result = await prometheus.client.query('chaos_test_value');
    expect(result.resultType).toBe('vector');
    if (result.resultType !== 'vector') return;
    const byKind = Object.fromEntries(
      result.samples.map((sample) => [sample.labels.kind, sample.value]),
    );
    expect(byKind.half).toBe(0.5);
    expect(byKind.nan).toBeNaN();
    expect(byKind.inf).toBe(Infinity);
    expect(result.samples[0]!.labels).toMatchObject({ __name__: 'chaos_test_value', job: 'test' });
  });

  it('returns scalars and evaluates at a given time', async () => {
    const time = new Date(Math.floor(Date.now() / 1000) * 1000);
    const result = await prometheus.client.query('time()', time);
    expect(result).toEqual({
      resultType: 'scalar',
      time: time.getTime() / 1000,
      value: time.getTime() / 1000,
    });
  });

  it('returns range vectors from instant and range queries', async () => {
    const matrix = await prometheus.client.query('chaos_test_value{kind="half"}[10m]');
    expect(matrix.resultType).toBe('matrix');
    const end = new Date();
    const series = await prometheus.client.queryRange(
      'chaos_test_value{kind="half"}',
      new Date(end.getTime() - 5_000),
      end,
      1,
    );
    expect(series).toHaveLength(1);
    expect(series[0]!.points.length).toBeGreaterThan(0);
    expect(series[0]!.points.every((point) => point.value === 0.5)).toBe(true);
  });

  it('lists series label sets', async () => {
    const series = await prometheus.client.series(['chaos_test_requests_total']);
    expect(series).toEqual([
      {
        __name__: 'chaos_test_requests_total',
        instance: metrics.hostPort,
        instance_id: 'a',
        job: 'test',
      },
    ]);
  });

  it("turns a PromQL error into a query_error carrying Prometheus's message", async () => {
    const error = await prometheus.client
      .query('rate(x[5m]) by (a)')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PrometheusError);
    expect(error).toMatchObject({
      kind: 'query_error',
      details: { errorType: 'bad_data', status: 400 },
    });
    expect((error as Error).message).toMatch(
      /^Prometheus rejected `rate\(x\[5m\]\) by \(a\)`: bad_data: .*parse error/,
    );
  });

  it('reads rules and alerts (none yet)', async () => {
    expect(await prometheus.client.rules()).toEqual([]);
    expect(await prometheus.client.alerts()).toEqual([]);
  });

  it('reloads rules on POST /-/reload', async () => {
    await prometheus.writeRules(
      'empty.rules.yml',
      'groups:\n  - name: reloaded\n    rules:\n      - record: chaos:test:sum\n        expr: sum(chaos_test_value{kind="half"})\n',
    );
    await prometheus.client.reload();
    const groups = await prometheus.client.rules();
    expect(groups.map((group) => group.name)).toEqual(['reloaded']);
    expect(groups[0]!.rules[0]).toMatchObject({ type: 'recording', name: 'chaos:test:sum' });
  });

  it('reports an unreachable Prometheus with the URL', async () => {
    const port = await closedPort();
    const client = new PrometheusClient(`http://127.0.0.1:${port}`, { timeoutMs: 5_000 });
    const error = await client.query('up').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as Error).message).toContain(
      `could not reach Prometheus at http://127.0.0.1:${port}/api/v1/query`,
    );
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('reports a Prometheus that never answers as a timeout naming URL and bound', async () => {
    const silent = await silentServer();
    try {
      const client = new PrometheusClient(`http://127.0.0.1:${silent.port}`, { timeoutMs: 300 });
      const error = await client.alerts().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ kind: 'timeout' });
      expect((error as Error).message).toBe(
        `Prometheus did not answer http://127.0.0.1:${silent.port}/api/v1/alerts within 0.3 s; is it overloaded or stuck?`,
      );
    } finally {
      await silent.close();
    }
  });

  it('reports a non-Prometheus answer as bad_status', async () => {
    const client = new PrometheusClient(`http://${metrics.hostPort}`);
    const error = await client.query('up').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'bad_status', details: { status: 404 } });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Accepts connections and never writes a byte.
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
