// A real Prometheus scraping a metrics server that serves the runbook's two series with
// the published label sets (10 % of connections dropped), plus idle counters whose rate
// ratio is 0/0, for tests of lint --prometheus, explain and analyzeAlert.

import { startMetricsServer } from './metrics-server.js';
import type { MetricsServer } from './metrics-server.js';
import { startPrometheus, until } from './prometheus-process.js';
import type { RunningPrometheus } from './prometheus-process.js';

export interface DropRateFixture {
  metrics: MetricsServer;
  prometheus: RunningPrometheus;
  stop(): Promise<void>;
}

export async function startDropRateFixture(): Promise<DropRateFixture> {
  const metrics = await startMetricsServer();
  metrics.grow(
    'tick_storm_connection_errors_total',
    { instance_id: 'a', error_type: 'connection_dropped' },
    1,
  );
  metrics.grow(
    'tick_storm_connection_errors_total',
    { instance_id: 'a', error_type: 'heartbeat_timeout' },
    0.5,
  );
  metrics.grow('tick_storm_total_connections_total', { instance_id: 'a' }, 10);
  metrics.set('tick_storm_idle_errors_total', { instance_id: 'a' }, 0);
  metrics.set('tick_storm_idle_connections_total', { instance_id: 'a' }, 0);
  let prometheus: RunningPrometheus | undefined;
  try {
    prometheus = await startPrometheus({ targets: [metrics.hostPort] });
    const client = prometheus.client;
    // rate() needs two scrapes of each series.
    await until(
      60_000,
      async () => {
        const result = await client.query(
          'count(rate(tick_storm_total_connections_total[1m])) + count(rate(tick_storm_idle_errors_total[1m]))',
        );
        return result.resultType === 'vector' && result.samples.length > 0 ? true : undefined;
      },
      () => 'rates never appeared',
    );
  } catch (error) {
    await prometheus?.stop();
    await metrics.close();
    throw error;
  }
  const running = prometheus;
  return {
    metrics,
    prometheus: running,
    stop: async () => {
      await running.stop();
      await metrics.close();
    },
  };
}
