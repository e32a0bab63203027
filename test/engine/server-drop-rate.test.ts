// Integration: the server-observed drop rate against a real Prometheus scraping a real
// metrics server, as the published TickStorm (counters patched to count) exposes them:
// the labelled drop counter has no series until the first drop. Then the rate is 0 %
// and says why; with no traffic either it is unknown; with drops it is their ratio; a
// missing denominator is never taken for "no drops".

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverDropRate } from '../../src/engine/server-drop-rate.js';
import { startMetricsServer, type MetricsServer } from '../prom/support/metrics-server.js';
import {
  startPrometheus,
  until,
  type RunningPrometheus,
} from '../prom/support/prometheus-process.js';

const ERRORS = 'tick_storm_connection_errors_total';
const TOTAL = 'tick_storm_total_connections_total';
const queries = {
  dropRate: `sum(rate(${ERRORS}{error_type="connection_dropped"}[5s])) / sum(rate(${TOTAL}[5s])) * 100`,
  traffic: `sum(increase(${TOTAL}[5s]))`,
};

let metrics: MetricsServer;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  metrics = await startMetricsServer();
  prometheus = await startPrometheus({ targets: [metrics.hostPort] });
});

afterAll(async () => {
  await prometheus?.stop();
  await metrics?.close();
});

const readWhen = (done: (r: Awaited<ReturnType<typeof serverDropRate>>) => boolean, why: string) =>
  until(
    60_000,
    async () => {
      const reading = await serverDropRate(prometheus.client, queries, new Date());
      return done(reading) ? reading : undefined;
    },
    () => why,
  );

describe('the server drop rate (real Prometheus)', () => {
  it('is unknown with no series at all, 0 % before the first drop, then the ratio', async () => {
    expect(await serverDropRate(prometheus.client, queries, new Date())).toEqual({
      value: null,
      samples: [],
    });

    metrics.grow(TOTAL, { instance_id: 'a' }, 10);
    const beforeDrops = await readWhen(
      (r) => r.value === 0,
      'traffic without a drop series never read as 0 %',
    );
    expect(beforeDrops.notYetCounted).toEqual([`${ERRORS}{error_type="connection_dropped"}`]);

    metrics.grow(ERRORS, { instance_id: 'a', error_type: 'connection_dropped' }, 1);
    const withDrops = await readWhen(
      (r) => r.value !== null && r.value > 5,
      'the drop series never gave its ratio',
    );
    expect(withDrops.notYetCounted).toBeUndefined();
    expect(withDrops.value).toBeLessThan(15);

    // A missing denominator is no data, never "no drops": only the numerator may be absent.
    const upsideDown = {
      dropRate: `sum(rate(${ERRORS}[5s])) / sum(rate(never_exported_total[5s])) * 100`,
      traffic: `sum(increase(${ERRORS}[5s]))`,
    };
    expect(await serverDropRate(prometheus.client, upsideDown, new Date())).toEqual({
      value: null,
      samples: [],
    });
  });
});
