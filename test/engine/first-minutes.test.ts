// The runbook's first minutes against a real reference target and a real Prometheus
// scraping it: every item present, each saying how it was obtained; without a pid, a
// health URL or a working Prometheus the items are there, marked unavailable with why.

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureFirstMinutes } from '../../src/engine/first-minutes.js';
import { tickstormReference } from '../../src/tickstorm/target-profile.js';
import { withWindow } from '../../src/prom/promql/window-template.js';
import { PrometheusClient } from '../../src/prom/client.js';
import { startTarget, type RunningTarget } from '../../src/tickstorm/target.js';
import {
  startPrometheus,
  until,
  type RunningPrometheus,
} from '../prom/support/prometheus-process.js';

const TITLES = [
  "the target's connection metrics",
  "the target's health endpoint",
  'active connections',
  'server-observed drop rate',
  'drops by reason',
  'open file descriptors against the nofile limit',
  'socket summary',
  'memory available',
  "the target's cgroup memory against its limit",
  'connection duration median',
];
const DROP_RATE =
  'sum(rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[30s])) / sum(rate(tick_storm_total_connections_total[30s])) * 100';

let target: RunningTarget | null = null;
let prometheus: RunningPrometheus | null = null;

beforeAll(async () => {
  target = await startTarget({ host: '127.0.0.1', port: 0, metricsPort: 0, healthPort: 0 });
  prometheus = await startPrometheus({ targets: [new URL(target.metricsUrl).host] });
  // Bounded wait for the first scrapes, so the Prometheus-backed items have series.
  await until(
    60_000,
    async () => {
      const result = await prometheus!.client.query('tick_storm_active_connections');
      return result.resultType === 'vector' && result.samples.length > 0 ? true : undefined;
    },
    () => 'prometheus never scraped the target',
  );
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await target?.close();
});

/** The TickStorm profile's queries over a 30 s window, as a ci drill's plan holds them. */
const QUERIES = {
  dropRate: DROP_RATE,
  dropRateByReason: withWindow(tickstormReference.queries.dropRateByReason, '[30s]'),
  activeConnections: tickstormReference.queries.activeConnections,
  medianDuration: withWindow(tickstormReference.queries.medianDuration, '[30s]'),
};

describe('captureFirstMinutes (real reference target, real Prometheus)', () => {
  it('captures every item with how it was obtained', async () => {
    const items = await captureFirstMinutes({
      // The reference target runs inside this test process.
      targetPid: process.pid,
      targetMetricsUrl: target!.metricsUrl,
      targetHealthUrl: target!.healthUrl,
      prometheus: prometheus!.client,
      queries: QUERIES,
    });
    expect(items.map((i) => i.title)).toEqual(TITLES);
    for (const item of items) {
      expect(item.how.length).toBeGreaterThan(0);
      if (!item.available) expect(item.reason, item.title).toMatch(/\S/);
    }
    const byTitle = (title: string) => items.find((i) => i.title === title)!;
    expect(byTitle("the target's connection metrics")).toMatchObject({ available: true });
    expect(byTitle("the target's connection metrics").value).toContain(
      'tick_storm_connection_errors_total',
    );
    expect(byTitle("the target's health endpoint").value).toMatch(/^HTTP 200\n\{/);
    expect(byTitle('active connections').value).toMatch(/instance_id="[^"]+".* 0$/m);
    expect(byTitle('open file descriptors against the nofile limit').value).toMatch(
      /^\d+ open of a soft limit of \d+/,
    );
    expect(byTitle('socket summary')).toMatchObject({ available: true });
    expect(byTitle('memory available').value).toMatch(/available of/);
    expect(byTitle('connection duration median').how).toBe(
      'histogram_quantile(0.5, sum by (le) (rate(tick_storm_connection_duration_seconds_bucket[30s])))',
    );
    expect(byTitle('drops by reason').how).toBe(
      'sum by (reason) (rate(tick_storm_connection_drops_by_reason_total[30s]))',
    );
  });

  it('marks items unavailable with the reason instead of leaving them out', async () => {
    // A port that was free a moment ago: Prometheus "is" there but nothing answers.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const items = await captureFirstMinutes({
      targetPid: null,
      targetMetricsUrl: target!.metricsUrl,
      prometheus: new PrometheusClient(`http://127.0.0.1:${port}`, { timeoutMs: 2000 }),
      queries: QUERIES,
      itemBoundMs: 3000,
    });
    expect(items.map((i) => i.title)).toEqual(TITLES);
    const unavailable = Object.fromEntries(
      items.filter((i) => !i.available).map((i) => [i.title, i.reason]),
    );
    expect(unavailable["the target's health endpoint"]).toBe(
      'no health URL is known for this target',
    );
    expect(unavailable['open file descriptors against the nofile limit']).toMatch(
      /not a process this run started/,
    );
    expect(unavailable["the target's cgroup memory against its limit"]).toMatch(
      /not a process this run started/,
    );
    for (const title of ['active connections', 'drops by reason', 'connection duration median'])
      expect(unavailable[title], title).toMatch(/\S/);
    expect(items.find((i) => i.title === "the target's connection metrics")!.available).toBe(true);
  });
});
