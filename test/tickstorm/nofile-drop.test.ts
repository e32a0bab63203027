// The fd-exhaustion drill in miniature, for real: `chaos target` as a child, its soft
// nofile limit lowered from outside with `prlimit --pid` (no privilege needed to lower
// it), then a connection. The guard must trip before the hard wall and count one drop.

import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildTarget, type ReadyLine, hostPort } from './child-target.js';
import { sampleValue, scrape } from './scrape.js';
import { nofile, setSoftNofile } from './nofile.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

const children: ChildTarget[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const child of children.splice(0)) await child.kill();
});

interface Health {
  guard: { status: string; resources: { fds?: { value: number; limit: number; status: string } } };
}

async function guardStatus(ready: ReadyLine, status: string) {
  return waitFor(`the guard to report ${status}`, async () => {
    const health = (await (await fetch(ready.health)).json()) as Health;
    return health.guard.status === status && health;
  });
}

async function startTarget() {
  const child = ChildTarget.start(
    ['--port', '0', '--metrics-port', '0', '--health-port', '0', '--ready-json'],
    {
      INSTANCE_ID: 'nofile-test',
      GUARD_SAMPLE_MS: '50',
    },
  );
  children.push(child);
  return { child, ready: await child.ready() };
}

describe('reference target under a lowered nofile limit (prlimit on a child process)', () => {
  it('rejects the connection that would cross 90 % of the soft limit: exactly one guard_fd drop', async () => {
    const { child, ready } = await startTarget();
    const stream = hostPort(ready.stream);
    for (let i = 0; i < 20; i++) clients.push(await TestClient.subscribed(stream));
    const original = nofile(child.pid);

    // Just over 90 % in use, a few descriptors still free: the guard's line, not the kernel's.
    const open = readdirSync(`/proc/${child.pid}/fd`).length;
    const soft = Math.floor(open / 0.9);
    expect(soft - open).toBeGreaterThanOrEqual(2);
    setSoftNofile(child.pid, soft);
    const health = await guardStatus(ready, 'critical');
    expect(health.guard.resources.fds).toMatchObject({ limit: soft, status: 'critical' });

    const refused = await TestClient.connect(stream);
    clients.push(refused);
    await refused.closedByServer();

    const families = await scrape(ready.metrics);
    const instance = { instance_id: 'nofile-test' };
    expect(sampleValue(families, 'tick_storm_total_connections_total', instance)).toBe(21);
    expect(
      sampleValue(families, 'tick_storm_connection_errors_total', {
        ...instance,
        error_type: 'connection_dropped',
      }),
    ).toBe(1);
    expect(
      sampleValue(families, 'tick_storm_connection_drops_by_reason_total', {
        ...instance,
        reason: 'guard_fd',
      }),
    ).toBe(1);
    expect(sampleValue(families, 'tick_storm_active_connections', instance)).toBe(20);

    // The runbook's remediation, live: raise the soft limit, and connections stay again.
    setSoftNofile(child.pid, original.soft);
    await guardStatus(ready, 'ok');
    const welcome = await TestClient.subscribed(stream);
    clients.push(welcome);
    expect((await welcome.nextBatch(5000)).batchSequence).toBe(1);
    expect(child.running).toBe(true);
  });

  it('survives the hard wall (soft limit at the open count) without crashing, and recovers', async () => {
    const { child, ready } = await startTarget();
    const stream = hostPort(ready.stream);
    const original = nofile(child.pid);
    setSoftNofile(child.pid, readdirSync(`/proc/${child.pid}/fd`).length);
    // libuv closes what it cannot accept; a connection that found a free descriptor is
    // refused by the guard or, before its next sample, becomes a session. The target stays up.
    const outcomes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const client = await TestClient.connect(stream).catch(() => undefined);
      if (!client) continue;
      clients.push(client);
      client.auth('', '');
      const frame = await client.next().catch(() => undefined);
      outcomes.add(frame ? 'session' : 'closed');
    }
    expect(outcomes.has('closed')).toBe(true);
    expect(child.running).toBe(true);
    setSoftNofile(child.pid, original.soft);
    const client = await waitFor('a session after the limit is raised', () =>
      TestClient.subscribed(stream),
    );
    clients.push(client);
    expect((await client.nextBatch(5000)).batchSequence).toBe(1);
    expect(child.running).toBe(true);
  });
});
