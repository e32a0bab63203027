// Drop accounting against the in-process reference target over real sockets: a
// heartbeat timeout, a slow client, a write deadline, a reset and the resource guard
// each count exactly one drop (in stats and in /metrics); a client's own close none.

import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { DropReason } from '../../src/tickstorm/drop-reasons.js';
import { MessageType, encodeFrame } from '../../src/tickstorm/frame.js';
import { HeartbeatRequest } from '../../src/tickstorm/messages.js';
import {
  type RunningTarget,
  type StartTargetOptions,
  startTarget,
} from '../../src/tickstorm/target.js';
import { sampleValue, scrape } from './scrape.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

let target: RunningTarget | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await target?.close();
  target = undefined;
});

async function start(options: StartTargetOptions = {}) {
  target = await startTarget({
    port: 0,
    metricsPort: 0,
    healthPort: 0,
    instanceId: 'drops-test',
    ...options,
  });
  return target;
}

async function subscribed() {
  const client = await TestClient.subscribed(target!.streamAddress);
  clients.push(client);
  return client;
}

/** Waits until every connection has ended, then checks the books in stats and /metrics. */
async function expectDrops(accepted: number, dropped: Partial<Record<DropReason, number>>) {
  const stats = await waitFor(
    'all connections to end',
    () => target!.stats().active === 0 && target!.stats(),
  );
  const total = Object.values(dropped).reduce((sum, n) => sum + n, 0);
  expect(stats.accepted).toBe(accepted);
  expect(stats.dropped).toBe(total);
  expect(
    Object.fromEntries(Object.entries(stats.droppedByReason).filter(([, n]) => n > 0)),
  ).toEqual(dropped);

  const families = await scrape(target!.metricsUrl);
  const instance = { instance_id: 'drops-test' };
  expect(sampleValue(families, 'tick_storm_total_connections_total', instance)).toBe(accepted);
  expect(
    sampleValue(families, 'tick_storm_connection_errors_total', {
      ...instance,
      error_type: 'connection_dropped',
    }),
  ).toBe(total);
  for (const [reason, count] of Object.entries(dropped)) {
    expect(
      sampleValue(families, 'tick_storm_connection_drops_by_reason_total', { ...instance, reason }),
    ).toBe(count);
  }
  return families;
}

/** A client that never reads but keeps sending heartbeats, until the server gives up on it. */
async function floodWithoutReading(client: TestClient, boundFrames = 5_000_000) {
  client.socket.pause();
  const frame = encodeFrame(
    MessageType.HEARTBEAT,
    HeartbeatRequest.encode({ timestampMs: 1, sequence: 1 }),
  );
  const chunk = Buffer.concat(Array.from({ length: 10_000 }, () => frame));
  for (let sent = 0; !client.closed && sent < boundFrames; sent += 10_000) {
    if (!client.socket.write(chunk)) {
      const timeout = AbortSignal.timeout(5000);
      await Promise.race([
        once(client.socket, 'drain', { signal: timeout }),
        once(client.socket, 'close', { signal: timeout }),
      ]).catch(() => {});
    }
  }
  await client.closedByServer(30_000);
}

describe('reference target: drop accounting (real sockets)', () => {
  it('counts a heartbeat timeout as one drop', async () => {
    await start({ heartbeatTimeoutMs: 400 });
    const client = await subscribed();
    await client.closedByServer();
    const families = await expectDrops(1, { heartbeat_timeout: 1 });
    expect(sampleValue(families, 'tick_storm_heartbeat_timeouts_total')).toBe(1);
  });

  it('counts a client that never reads and overflows the write queue as one slow_client drop', async () => {
    await start({ maxWriteQueueSize: 20, writeDeadlineMs: 60_000 });
    await floodWithoutReading(await subscribed());
    await expectDrops(1, { slow_client: 1 });
  });

  it('counts a write not drained within the write deadline as one write_timeout drop', async () => {
    await start({ maxWriteQueueSize: 100_000_000, writeDeadlineMs: 300 });
    await floodWithoutReading(await subscribed());
    const families = await expectDrops(1, { write_timeout: 1 });
    expect(sampleValue(families, 'tick_storm_write_deadline_exceeded_total')).toBe(1);
    expect(sampleValue(families, 'tick_storm_write_timeouts_total')).toBe(1);
  });

  it('counts a connection reset by the client as one drop', async () => {
    await start();
    const client = await subscribed();
    client.socket.resetAndDestroy();
    await expectDrops(1, { reset: 1 });
  });

  it('counts a client’s own close as no drop', async () => {
    await start();
    const client = await subscribed();
    await client.nextBatch(5000);
    await client.end();
    await expectDrops(1, {});
  });

  it('accepts and closes at once a connection over 90 % of MAX_CONNECTIONS: one guard_connections drop', async () => {
    await start({ maxConnections: 10 });
    for (let i = 0; i < 9; i++) await subscribed();
    const rejected = await TestClient.connect(target!.streamAddress);
    clients.push(rejected);
    await rejected.closedByServer();
    await expect(rejected.next(100)).rejects.toThrow(/closed the connection/);
    const health = (await (await fetch(target!.healthUrl)).json()) as {
      guard: { resources: { connections: { value: number; limit: number; status: string } } };
    };
    expect(health.guard.resources.connections).toMatchObject({
      value: 9,
      limit: 10,
      status: 'critical',
    });
    for (const client of clients.splice(0, 9)) await client.end();
    await expectDrops(10, { guard_connections: 1 });
  });

  it('rejects every connection while RSS is over the memory budget: one guard_memory drop each', async () => {
    await start({ memoryBudgetBytes: 1024 * 1024 });
    for (let i = 0; i < 3; i++) {
      const client = await TestClient.connect(target!.streamAddress);
      clients.push(client);
      await client.closedByServer();
    }
    await expectDrops(3, { guard_memory: 3 });
    const health = await fetch(target!.healthUrl);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { guard: { status: string } }).guard.status).toBe('critical');
  });
});
