// published-settings on the real `chaos target` child process: it ignores the variables
// the published code never reads (and says so once), and SIGHUP ends it at once as Go's
// default ends the published server, where the reference target reopens its listener.

import { afterEach, describe, expect, it } from 'vitest';
import { ChildTarget, hostPort } from './child-target.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

const children: ChildTarget[] = [];
const clients: TestClient[] = [];
const ephemeral = ['--port', '0', '--metrics-port', '0', '--health-port', '0'];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const child of children.splice(0)) await child.kill();
});

function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = ChildTarget.start(args, env);
  children.push(child);
  return child;
}

interface Health {
  config: { heartbeat_timeout_ms: number; keepalive_ms: number; max_connections: number };
}

describe('published-settings (child process)', () => {
  it('ignores CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL and MAX_CONNECTIONS, even unparsable, and says so once', async () => {
    const child = start([...ephemeral, '--ready-json'], {
      AS_PUBLISHED: 'published-settings',
      CONNECTION_TIMEOUT: '1s',
      KEEPALIVE_INTERVAL: 'soon',
      MAX_CONNECTIONS: '5',
    });
    const ready = await child.ready();
    const health = (await (await fetch(ready.health)).json()) as Health;
    expect(health.config).toMatchObject({
      heartbeat_timeout_ms: 20_000,
      keepalive_ms: 30_000,
      max_connections: 100_000,
    });
    // stderr is its own pipe: the line written before the ready line may be read after it.
    await waitFor('the line saying what was ignored', () => child.stderr.includes('ignored'));
    const said = child.stderr.split('\n').filter((line) => line.includes('ignored'));
    expect(said).toEqual([
      'chaos target: ignored MAX_CONNECTIONS, CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL: the published server does not read them (published-settings)',
    ]);
  });

  it('SIGHUP ends it at once, without shutdown, and its startup lines say so', async () => {
    const child = start(ephemeral, { AS_PUBLISHED: 'published-settings' });
    const lines = await child.stdoutLines(6);
    expect(lines[4]).toBe('  as published: published-settings');
    expect(lines[5]).toMatch(/SIGHUP ends it at once, without shutdown/);
    const stream = hostPort(lines[1]!.trim().split(/\s+/)[1]!);
    const client = await TestClient.subscribed(stream);
    clients.push(client);

    expect(await child.stop('SIGHUP')).toEqual({ code: null, signal: 'SIGHUP' });
    await client.closedByServer();
    expect(child.stderr).not.toContain('stopped after');
  });

  it('without it, SIGHUP reopens the listener and keeps the sessions', async () => {
    const child = start([...ephemeral, '--ready-json'], {});
    const stream = hostPort((await child.ready()).stream);
    const client = await TestClient.subscribed(stream);
    clients.push(client);
    process.kill(child.pid, 'SIGHUP');
    await waitFor('the listener to reopen', () =>
      child.stderr.includes('stream listener reopened'),
    );
    expect(child.running).toBe(true);
    expect(client.closed).toBe(false);
    clients.push(await TestClient.subscribed(stream));
  });
});
