// The reference target behaving as the published server does (AS_PUBLISHED), each habit
// observed over real sockets the way a client or a drill sees it: batch numbers with
// gaps, exact credentials, per-address admission, counters that never move, and a guard
// that does not see the real fd limit.

import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, SubscriptionMode } from '../../src/tickstorm/messages.js';
import { parsePublishedBehaviours } from '../../src/tickstorm/published-behaviours.js';
import type { PublishedBehaviours } from '../../src/tickstorm/published-behaviours.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { ChildTarget, hostPort } from './child-target.js';
import { sampleValue, scrape } from './scrape.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';
import { nofile, setSoftNofile } from './nofile.js';

const ephemeral = { port: 0, metricsPort: 0, healthPort: 0 };
const targets: RunningTarget[] = [];
const children: ChildTarget[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const target of targets.splice(0)) await target.close();
  for (const child of children.splice(0)) await child.kill();
});

function behaviours(text: string): PublishedBehaviours {
  const parsed = parsePublishedBehaviours(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
}

async function target(asPublished: string, extra: Parameters<typeof startTarget>[0] = {}) {
  const running = await startTarget({
    ...ephemeral,
    instanceId: 'as-published',
    asPublished: behaviours(asPublished),
    ...extra,
  });
  targets.push(running);
  return running;
}

async function connect(running: RunningTarget, localAddress?: string) {
  const client = await TestClient.connect(running.streamAddress, localAddress);
  clients.push(client);
  return client;
}

describe('reference target as published (real sockets)', () => {
  it('gapped-batch-sequence: numbers every frame it writes, so batches rise with gaps', async () => {
    const running = await target('gapped-batch-sequence', { heartbeatTimeoutMs: 60_000 });
    const client = await connect(running);
    client.auth('', '');
    await client.nextAck();
    client.subscribe(SubscriptionMode.SECOND);
    await client.nextAck();
    const first = (await client.nextBatch(5000)).batchSequence;
    const second = (await client.nextBatch(5000)).batchSequence;
    // ACK 1, ACK 2, then each DATA_BATCH takes two numbers.
    expect([first, second]).toEqual([3, 5]);
    client.heartbeat(Date.now(), 1);
    await client.nextPastBatches(0x07, 5000);
    const afterPong = (await client.nextBatch(5000)).batchSequence;
    expect(afterPong - second).toBeGreaterThanOrEqual(3);
  });

  it('exact-credentials: with none configured, only an empty username and password pass', async () => {
    const running = await target('exact-credentials');
    const wrong = await connect(running);
    wrong.auth('trader', 's3cret');
    const error = await wrong.nextError();
    expect(error.code).toBe(ErrorCode.INVALID_AUTH);
    const empty = await connect(running);
    empty.auth('', '');
    expect(await empty.nextAck()).toMatchObject({ success: true });

    const configured = await target('exact-credentials', { username: 'u', password: 'p' });
    const right = await connect(configured);
    right.auth('u', 'p');
    expect(await right.nextAck()).toMatchObject({ success: true });
  });

  it('per-address-admission: closes at once, without a frame, a second connection within 100 ms and a sixth quick one', async () => {
    const running = await target('per-address-admission');
    const first = await connect(running, '127.0.0.21');
    const tooSoon = await connect(running, '127.0.0.21');
    await tooSoon.closedByServer();
    expect(tooSoon.framesReceived).toBe(0);
    // Another address is admitted at the same moment.
    const other = await connect(running, '127.0.0.22');
    other.auth('', '');
    expect(await other.nextAck()).toMatchObject({ success: true });
    first.auth('', '');
    expect(await first.nextAck()).toMatchObject({ success: true });

    // Four more admissions from .21, each 150 ms after the last: the scan detector trips.
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const admitted = await connect(running, '127.0.0.21');
      admitted.auth('', '');
      expect(await admitted.nextAck()).toMatchObject({ success: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const blocked = await connect(running, '127.0.0.21');
    await blocked.closedByServer();
    expect(blocked.framesReceived).toBe(0);
    expect(running.stats().droppedByReason.address_admission).toBe(2);
  });

  it('frozen-connection-counters: the two runbook series never appear, the rest do', async () => {
    const running = await target('frozen-connection-counters');
    const client = await connect(running);
    client.auth('x', 'y');
    await client.nextAck();
    client.destroy();
    await waitFor('the session to end', () => running.stats().active === 0);
    const families = await scrape(running.metricsUrl);
    const names = families.map((family) => family.name);
    const series = (name: string) => families.find((f) => f.name === name)?.metrics ?? [];
    expect(series('tick_storm_total_connections_total')).toEqual([]);
    expect(series('tick_storm_connection_errors_total')).toEqual([]);
    expect(names).toContain('tick_storm_auth_success_total');
    expect(
      sampleValue(families, 'tick_storm_auth_success_total', { instance_id: 'as-published' }),
    ).toBe(1);
    // /health still counts it, as the published server's does.
    const health = (await (await fetch(running.healthUrl)).json()) as { total_connections: number };
    expect(health.total_connections).toBe(1);
  });

  it('fixed-fd-guard: at the real fd wall the guard stays ok and nothing is counted, while clients are cut off', async () => {
    const child = ChildTarget.start(
      ['--port', '0', '--metrics-port', '0', '--health-port', '0', '--ready-json'],
      { INSTANCE_ID: 'fixed-fd', GUARD_SAMPLE_MS: '50', AS_PUBLISHED: 'fixed-fd-guard' },
    );
    children.push(child);
    const ready = await child.ready();
    const stream = hostPort(ready.stream);
    for (let i = 0; i < 5; i++) clients.push(await TestClient.subscribed(stream));
    const original = nofile(child.pid);
    setSoftNofile(child.pid, readdirSync(`/proc/${child.pid}/fd`).length + 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few guard samples

    let cutOff = 0;
    for (let i = 0; i < 10; i++) {
      const client = await TestClient.connect(stream).catch(() => undefined);
      if (!client) {
        cutOff++;
        continue;
      }
      clients.push(client);
      client.auth('', '');
      const frame = await client.next(2_000).catch(() => undefined);
      if (!frame) cutOff++;
    }
    expect(cutOff).toBeGreaterThan(0);
    // /health needs a descriptor too: read it once the limit is back.
    setSoftNofile(child.pid, original.soft);
    const health = (await (await fetch(ready.health)).json()) as {
      guard: { status: string; resources: { fds: { limit: number } } };
      dropped_connections: number;
    };
    expect(health.guard.status).toBe('ok');
    expect(health.guard.resources.fds.limit).toBe(65_536);
    expect(health.dropped_connections).toBe(0);
    expect(child.running).toBe(true);
  });
});
