// What the published server's metrics and guard do not show, over real sockets:
// lazy-counter-series (a labelled series appears at its first increment, so no
// connection_dropped before the first drop) and fixed-memory-guard (the guard compares
// the heap with a fixed 1 GiB, so a GOMEMLIMIT the process is far over never refuses).

import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/tickstorm/messages.js';
import { parsePublishedBehaviours } from '../../src/tickstorm/published-behaviours.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { sampleValue, scrape } from './scrape.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

const targets: RunningTarget[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const target of targets.splice(0)) await target.close();
});

async function target(habits: string, options: Parameters<typeof startTarget>[0] = {}) {
  const parsed = parsePublishedBehaviours(habits);
  if ('problem' in parsed) throw new Error(parsed.problem);
  const running = await startTarget({
    port: 0,
    metricsPort: 0,
    healthPort: 0,
    instanceId: 'metrics',
    asPublished: parsed,
    ...options,
  });
  targets.push(running);
  return running;
}

async function connect(running: RunningTarget) {
  const client = await TestClient.connect(running.streamAddress);
  clients.push(client);
  return client;
}

const dropped = { instance_id: 'metrics', error_type: 'connection_dropped' };
const seriesOf = async (running: RunningTarget, name: string) =>
  (await scrape(running.metricsUrl)).find((family) => family.name === name)?.metrics ?? [];

describe('published metrics and guard (real sockets)', () => {
  it('lazy-counter-series: connection_dropped has no series before the first drop, and one after', async () => {
    const lazy = await target('lazy-counter-series');
    const eager = await target('none');
    for (const name of [
      'tick_storm_connection_errors_total',
      'tick_storm_total_connections_total',
      'tick_storm_connection_drops_by_reason_total',
      'tick_storm_active_connections',
      'tick_storm_auth_success_total',
    ]) {
      expect(await seriesOf(lazy, name), name).toEqual([]);
      expect((await seriesOf(eager, name)).length, name).toBeGreaterThan(0);
    }

    const served = await connect(lazy);
    served.auth('', '');
    await served.nextAck();
    let families = await scrape(lazy.metricsUrl);
    expect(sampleValue(families, 'tick_storm_total_connections_total')).toBe(1);
    expect(sampleValue(families, 'tick_storm_connection_errors_total', dropped)).toBeUndefined();

    // A first frame that is not AUTH: ERROR AUTH_REQUIRED and a close, the server's drop.
    const rude = await connect(lazy);
    rude.heartbeat(Date.now(), 1);
    expect((await rude.nextError()).code).toBe(ErrorCode.AUTH_REQUIRED);
    await waitFor('the drop to be counted', () => lazy.stats().dropped === 1);
    families = await scrape(lazy.metricsUrl);
    expect(sampleValue(families, 'tick_storm_connection_errors_total', dropped)).toBe(1);
    expect(await seriesOf(lazy, 'tick_storm_connection_drops_by_reason_total')).toEqual([
      expect.objectContaining({ labels: expect.objectContaining({ reason: 'protocol_error' }) }),
    ]);
  });

  it('fixed-memory-guard: a GOMEMLIMIT far below the RSS refuses nothing; without it, it refuses', async () => {
    // 1 MiB: any Node process is far past 90 % of it.
    const fixed = await target('fixed-memory-guard', { memoryBudgetBytes: 2 ** 20 });
    const budget = await target('none', { memoryBudgetBytes: 2 ** 20 });

    const served = await connect(fixed);
    served.auth('', '');
    expect(await served.nextAck()).toMatchObject({ success: true });
    const health = (await (await fetch(fixed.healthUrl)).json()) as {
      guard: { status: string; resources: Record<string, { limit: number }> };
    };
    expect(health.guard.resources.memory!.limit).toBe(2 ** 30);
    expect(health.guard.resources.cgroup_memory).toBeUndefined();

    const refused = await connect(budget);
    refused.auth('', '');
    await refused.closedByServer();
    expect(refused.framesReceived).toBe(0);
    expect(budget.stats().droppedByReason.guard_memory).toBe(1);
  });
});
