// silent-pool-queue over real sockets: the published server's worker pool as its clients
// meet it. Measured on 2 CPUs (PROTOCOL.md): sessions 1–8 answered, 9–24 waiting without a
// byte until a held session ends, 25–40 answered at once; nothing counted for the waiting.
// Only orders and counts are asserted; the waits are all bounded.

import { afterEach, describe, expect, it } from 'vitest';
import { parsePublishedBehaviours } from '../../src/tickstorm/published-behaviours.js';
import type { PublishedBehaviours } from '../../src/tickstorm/published-behaviours.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { ChildTarget, hostPort } from './child-target.js';
import { sampleValue, scrape } from './scrape.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

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

/** Connects `count` clients one after the other, each sending AUTH at once. */
async function authenticating(address: RunningTarget['streamAddress'], count: number) {
  const connected: TestClient[] = [];
  for (let i = 0; i < count; i++) {
    const client = await TestClient.connect(address);
    clients.push(client);
    client.auth('', '');
    connected.push(client);
  }
  return connected;
}

const silent = (client: TestClient) => client.framesReceived === 0 && !client.closed;

describe('silent-pool-queue (real sockets)', () => {
  it('on 2 CPUs: 8 answered, the next 16 wait unread and uncounted, the rest answered at once', async () => {
    // A short auth timeout: a timer running for a waiting connection would close it.
    const running = await startTarget({
      port: 0,
      metricsPort: 0,
      healthPort: 0,
      instanceId: 'pool',
      asPublished: behaviours('silent-pool-queue'),
      publishedPoolCpus: 2,
      authTimeoutMs: 300,
    });
    targets.push(running);
    const sessions = await authenticating(running.streamAddress, 40);
    const answered = [...sessions.slice(0, 8), ...sessions.slice(24)];
    const waiting = sessions.slice(8, 24);
    for (const client of answered)
      expect(await client.nextAck(15_000)).toMatchObject({ success: true });

    // Three auth timeouts later the waiting ones still have no byte and no close.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(waiting.filter(silent)).toHaveLength(16);
    expect(running.stats()).toMatchObject({ accepted: 24, active: 24, dropped: 0 });
    const families = await scrape(running.metricsUrl);
    const instance = { instance_id: 'pool' };
    expect(sampleValue(families, 'tick_storm_active_connections', instance)).toBe(24);
    expect(sampleValue(families, 'tick_storm_total_connections_total', instance)).toBe(24);
    expect(sampleValue(families, 'tick_storm_auth_success_total', instance)).toBe(24);

    // A session held by a worker ends: the queue's head (session 9) is read and answered.
    await sessions[0]!.end();
    expect(await waiting[0]!.nextAck(10_000)).toMatchObject({ success: true });
    expect(waiting.slice(1).filter(silent)).toHaveLength(15);
    // A session served on its own frees no worker.
    await sessions[24]!.end();
    await waitFor('the two ended sessions to be counted', () => running.stats().active === 23);
    expect(waiting.slice(1).filter(silent)).toHaveLength(15);
    // The next worker to free takes session 10, in arrival order.
    await sessions[1]!.end();
    expect(await waiting[1]!.nextAck(10_000)).toMatchObject({ success: true });
    expect(waiting.slice(2).filter(silent)).toHaveLength(14);
  });

  it('`chaos target` sizes the pool from PUBLISHED_POOL_CPUS', async () => {
    const child = ChildTarget.start(
      ['--port', '0', '--metrics-port', '0', '--health-port', '0', '--ready-json'],
      { AS_PUBLISHED: 'silent-pool-queue', PUBLISHED_POOL_CPUS: '1', AUTH_TIMEOUT_MS: '300' },
    );
    children.push(child);
    const ready = await child.ready();
    const stream = hostPort(ready.stream);
    const health = (await (await fetch(ready.health)).json()) as {
      config: { published_pool_cpus: number | null };
    };
    expect(health.config.published_pool_cpus).toBe(1);
    // One worker: the second connection waits (one queued is not more than twice the workers).
    const [first, second] = await authenticating(stream, 2);
    expect(await first!.nextAck(10_000)).toMatchObject({ success: true });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(silent(second!)).toBe(true);
    await first!.end();
    expect(await second!.nextAck(10_000)).toMatchObject({ success: true });
  });
});
