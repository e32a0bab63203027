// The load generator against the real reference target, over real loopback sockets:
// a baseline run completes every session with zero drops on both sides, the client
// metrics endpoint says the same (parsed as Prometheus would), workers add up, and
// stop() ends open sessions as interrupted, which the target counts as client closes.

import { afterEach, describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../src/load/profile/profile.js';
import { type RunningLoad, startLoad } from '../../src/load/start-load.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { type MetricFamily, sampleValue, scrape } from '../tickstorm/scrape.js';
import { waitFor } from '../tickstorm/wait-for.js';

let target: RunningTarget | undefined;
let load: RunningLoad | undefined;

afterEach(async () => {
  await load?.stop();
  await target?.close();
  load = undefined;
  target = undefined;
});

async function referenceTarget(): Promise<RunningTarget> {
  target = await startTarget({
    port: 0,
    metricsPort: 0,
    healthPort: 0,
    instanceId: 'load-baseline',
  });
  return target;
}

function histogramCount(families: MetricFamily[], name: string): number {
  return Number(families.find((f) => f.name === name)?.metrics[0]?.count ?? NaN);
}

describe('load generator against the reference target (real sockets)', () => {
  it('completes every session of a baseline run with zero drops, on both sides', async () => {
    const { streamAddress } = await referenceTarget();
    const profile = normalizeProfile(
      {
        vus: 20,
        duration: '3s',
        lifetime: { kind: 'uniform', min: '700ms', max: '1500ms' },
        heartbeatInterval: '300ms',
        pongTimeout: '250ms',
        gracefulStop: '5s',
        seed: 11,
      },
      'baseline',
    );
    load = await startLoad({ address: streamAddress, profile });
    const summary = await load.done;

    expect(summary.started).toBeGreaterThan(20); // VUs opened further sessions as lifetimes ended
    expect(summary.droppedTotal).toBe(0);
    expect(summary.dropped).toEqual({});
    expect(summary.completed).toBe(summary.started);
    expect(summary.handshakes).toBe(summary.started);
    expect(summary.active).toBe(0);
    expect(summary.stopped).toBe(false);

    // The target saw the same sessions, each closed by the client.
    const stats = await waitFor('the target to see every session end', () => {
      const s = target!.stats();
      return s.active === 0 && s;
    });
    expect(stats.accepted).toBe(summary.started);
    expect(stats.closedByClient).toBe(summary.started);
    expect(stats.dropped).toBe(0);

    // The client metrics say the same, and every common drop reason is there at 0.
    const families = await scrape(load.metricsUrl);
    expect(sampleValue(families, 'chaos_client_sessions_started_total')).toBe(summary.started);
    expect(sampleValue(families, 'chaos_client_sessions_completed_total')).toBe(summary.completed);
    expect(sampleValue(families, 'chaos_client_sessions_active')).toBe(0);
    for (const reason of [
      'refused',
      'reset',
      'closed_by_peer',
      'pong_timeout',
      'data_stall',
      'server_error:HEARTBEAT_TIMEOUT',
    ]) {
      expect(sampleValue(families, 'chaos_client_sessions_dropped_total', { reason })).toBe(0);
    }
    expect(histogramCount(families, 'chaos_client_handshake_seconds')).toBe(summary.handshakes);
    expect(histogramCount(families, 'chaos_client_pong_rtt_seconds')).toBeGreaterThan(0);
    expect(histogramCount(families, 'chaos_client_tick_lag_seconds')).toBeGreaterThan(0);
    // No per-connection label values: the only label anywhere is `reason`.
    const labelNames = new Set(
      families.flatMap((f) => f.metrics.flatMap((m) => Object.keys(m.labels ?? {}))),
    );
    expect([...labelNames].filter((name) => name !== 'le')).toEqual(['reason']);
  });

  it('adds up the sessions of two worker processes behind one metrics endpoint', async () => {
    const { streamAddress } = await referenceTarget();
    const profile = normalizeProfile(
      {
        vus: 10,
        duration: '2s',
        lifetime: '600ms',
        heartbeatInterval: '300ms',
        pongTimeout: '250ms',
        gracefulStop: '5s',
      },
      'workers',
    );
    load = await startLoad({ address: streamAddress, profile, workers: 2 });
    expect(load.workerPids).toHaveLength(2);
    const summary = await load.done;

    expect(summary.droppedTotal).toBe(0);
    expect(summary.completed).toBe(summary.started);
    expect(summary.started).toBeGreaterThanOrEqual(20);
    const families = await scrape(load.metricsUrl);
    expect(sampleValue(families, 'chaos_client_sessions_started_total')).toBe(summary.started);
    expect(sampleValue(families, 'chaos_client_sessions_completed_total')).toBe(summary.completed);
    expect(histogramCount(families, 'chaos_client_handshake_seconds')).toBe(summary.handshakes);
    const stats = await waitFor(
      'the target to see every session end',
      () => target!.stats().active === 0 && target!.stats(),
    );
    expect(stats.accepted).toBe(summary.started);
    expect(stats.dropped).toBe(0);
  });

  it('stop() ends every open session as interrupted (never completed), and the target counts client closes, not drops', async () => {
    const { streamAddress } = await referenceTarget();
    const profile = normalizeProfile({ vus: 15, duration: '10m', lifetime: '10m' }, 'stop');
    load = await startLoad({ address: streamAddress, profile });
    await waitFor('15 sessions streaming', () => load!.progress().handshakes >= 15);

    const summary = await load.stop();
    expect(summary).toMatchObject({
      started: 15,
      handshakes: 15,
      completed: 0,
      interrupted: 15,
      droppedTotal: 0,
      active: 0,
      stopped: true,
    });
    const stats = await waitFor(
      'the target to see every session end',
      () => target!.stats().active === 0 && target!.stats(),
    );
    expect(stats).toMatchObject({ accepted: 15, closedByClient: 15, dropped: 0 });
    await expect(fetch(load.metricsUrl)).rejects.toThrow(); // stop() closed the endpoint
  });
});
