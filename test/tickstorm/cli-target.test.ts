// `chaos target` as a real child process: what it prints (human and --ready-json),
// that every address answers, clean exits on SIGINT and SIGTERM, exit 2 on bad input.

import { afterEach, describe, expect, it } from 'vitest';
import { ChildTarget, hostPort } from './child-target.js';
import { TestClient } from './tickstorm-client.js';

const children: ChildTarget[] = [];
const clients: TestClient[] = [];
const ephemeral = ['--port', '0', '--metrics-port', '0', '--health-port', '0'];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const child of children.splice(0)) await child.kill();
});

function start(args: string[], env?: NodeJS.ProcessEnv) {
  const child = ChildTarget.start(args, env);
  children.push(child);
  return child;
}

describe('chaos target (child process)', () => {
  it('prints one ready JSON line with working addresses, and exits 0 on SIGTERM', async () => {
    const child = start([...ephemeral, '--ready-json', '--instance-id', 'cli-test']);
    const ready = await child.ready();
    expect(ready).toMatchObject({ event: 'ready', pid: child.pid, instanceId: 'cli-test' });
    expect(hostPort(ready.stream).host).toBe('127.0.0.1');
    expect(hostPort(ready.stream).port).toBeGreaterThan(0);
    expect(new URL(ready.metrics).pathname).toBe('/metrics');
    expect(new URL(ready.health).pathname).toBe('/health');

    const health = (await (await fetch(ready.health)).json()) as {
      instance_id: string;
      status: string;
    };
    expect(health).toMatchObject({ instance_id: 'cli-test', status: 'healthy' });
    expect((await fetch(new URL('/healthz', ready.health))).status).toBe(200);
    expect(await (await fetch(ready.metrics)).text()).toContain(
      'tick_storm_total_connections_total',
    );
    const client = await TestClient.subscribed(hostPort(ready.stream));
    clients.push(client);

    expect(await child.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    await client.closedByServer();
    expect(child.stdout.split('\n').filter((line) => line !== '')).toHaveLength(1);
  });

  it('prints its addresses for a person and exits 0 on SIGINT, ending the sessions', async () => {
    const child = start(ephemeral, { STREAM_USER: 'u', STREAM_PASS: 'p' });
    const lines = await child.stdoutLines(4);
    const addressOf = (label: string) =>
      lines
        .find((l) => l.trim().startsWith(label))!
        .trim()
        .split(/\s+/)[1]!;
    const stream = hostPort(addressOf('stream'));
    expect((await fetch(addressOf('metrics'))).status).toBe(200);
    expect((await fetch(addressOf('health'))).status).toBe(200);
    const client = await TestClient.subscribed(stream, { username: 'u', password: 'p' });
    clients.push(client);
    expect((await client.nextBatch(5000)).batchSequence).toBe(1);

    expect(await child.stop('SIGINT')).toEqual({ code: 0, signal: null });
    await client.closedByServer();
    expect(child.stderr).toContain('1 dropped (shutdown 1)');
  });

  it('takes flags over environment variables', async () => {
    const child = start([...ephemeral, '--ready-json', '--symbols', 'FLAG1,FLAG2'], {
      TICK_SYMBOLS: 'ENV1',
    });
    const client = await TestClient.subscribed(hostPort((await child.ready()).stream));
    clients.push(client);
    expect((await client.nextBatch(5000)).ticks.map((t) => t.symbol)).toEqual(['FLAG1', 'FLAG2']);
  });

  it('exits 2 with a one-line message naming the flag on bad input', async () => {
    const child = start(['--port', 'eighty']);
    expect(await child.exited()).toEqual({ code: 2, signal: null });
    expect(child.stderr.split('\n')[0]).toBe(
      'chaos: --port="eighty": expected a port number 0..65535 (0 picks a free port)',
    );
    expect(child.stdout).toBe('');
  });

  it('exits 2 on a bad environment variable, naming it', async () => {
    const child = start(ephemeral, { CONNECTION_TIMEOUT: '300' });
    expect((await child.exited()).code).toBe(2);
    expect(child.stderr.split('\n')[0]).toMatch(
      /^chaos: CONNECTION_TIMEOUT="300": expected a positive Go duration/,
    );
  });

  it('refuses a non-loopback host unless --listen-any', async () => {
    const child = start([...ephemeral, '--host', '0.0.0.0']);
    expect((await child.exited()).code).toBe(2);
    expect(child.stderr).toContain('is not a loopback address');
  });
});
