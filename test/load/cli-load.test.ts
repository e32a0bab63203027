// `chaos load` as a real child process against the real reference target: the ready
// and summary JSON lines, a profile run to its end, SIGINT/SIGTERM ending every session
// as completed, profile files, and refusals that exit 2 before anything connects.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { sampleValue, scrape } from '../tickstorm/scrape.js';
import { waitFor } from '../tickstorm/wait-for.js';
import { ChildLoad } from './support/child-load.js';
import { expectSessionsAddUp } from './support/sessions-add-up.js';

const children: ChildLoad[] = [];
const withCredentials = { port: 0, metricsPort: 0, healthPort: 0, username: 'u', password: 'p' };
let target: RunningTarget | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill();
  await target?.close();
  target = undefined;
});

async function startTargetAndLoad(args: string[]): Promise<{ child: ChildLoad; address: string }> {
  target = await startTarget({ port: 0, metricsPort: 0, healthPort: 0 });
  const address = `127.0.0.1:${target.streamAddress.port}`;
  const child = ChildLoad.start(['--address', address, ...args]);
  children.push(child);
  return { child, address };
}

describe('chaos load (child process)', () => {
  it('prints a ready line with a working /metrics, runs the profile to its end, then one summary line and exit 0', async () => {
    const { child } = await startTargetAndLoad([
      '--ready-json',
      '--vus',
      '5',
      '--duration',
      '2s',
      '--lifetime',
      '500ms..900ms',
      '--heartbeat-interval',
      '400ms',
      '--pong-timeout',
      '300ms',
      '--graceful-stop',
      '5s',
    ]);
    const [ready] = await child.jsonLines(1);
    expect(ready).toMatchObject({ event: 'ready', pid: child.pid });
    const metricsUrl = ready!.metrics as string;
    expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
    const families = await scrape(metricsUrl);
    expect(sampleValue(families, 'chaos_client_sessions_dropped_total', { reason: 'reset' })).toBe(
      0,
    );

    const lines = await child.jsonLines(2);
    expect(await child.exited()).toEqual({ code: 0, signal: null });
    expect(child.stdout.trim().split('\n')).toHaveLength(2);
    const summary = lines[1]!;
    expect(summary).toMatchObject({ event: 'summary', droppedTotal: 0, stopped: false });
    expect(summary.completed).toBe(summary.started);
    expect(summary.started as number).toBeGreaterThan(5);
    expectSessionsAddUp(summary);
    expect(summary.thresholds).toEqual([
      { metric: 'session_drop_rate', expression: 'rate<0.5', actual: 0, held: true },
      { metric: 'session_streamed_rate', expression: 'rate>0.5', actual: 1, held: true },
    ]);
    expect(target!.stats()).toMatchObject({ accepted: summary.started, dropped: 0 });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s ends every open session as interrupted and prints the summary',
    async (signal) => {
      const { child } = await startTargetAndLoad([
        '--ready-json',
        '--vus',
        '8',
        '--duration',
        '10m',
        '--lifetime',
        '10m',
      ]);
      const [ready] = await child.jsonLines(1);
      await waitFor(
        '8 sessions active',
        async () =>
          sampleValue(await scrape(ready!.metrics as string), 'chaos_client_sessions_active') === 8,
      );

      child.signal(signal);
      const lines = await child.jsonLines(2);
      expect(await child.exited()).toEqual({ code: 130, signal: null });
      expect(lines[1]).toMatchObject({
        event: 'summary',
        started: 8,
        completed: 0,
        interrupted: 8,
        droppedTotal: 0,
        stopped: true,
      });
      expectSessionsAddUp(lines[1]!);
      const stats = await waitFor(
        'the target to see the sessions end',
        () => target!.stats().active === 0 && target!.stats(),
      );
      expect(stats).toMatchObject({ accepted: 8, closedByClient: 8, dropped: 0 });
    },
  );

  it('runs a k6-style YAML profile file, with --user/--password laid over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-load-'));
    const file = join(dir, 'profile.yaml');
    writeFileSync(
      file,
      [
        'seed: 3',
        'heartbeatInterval: 400ms',
        'pongTimeout: 300ms',
        'scenarios:',
        '  hold:',
        '    executor: constant-vus',
        '    vus: 3',
        '    duration: 1s',
        '    lifetime: 5s',
        '    gracefulStop: 0s',
        '  churn:',
        '    executor: constant-arrival-rate',
        '    rate: 10',
        '    duration: 1s',
        '    preAllocatedVUs: 20',
        '    lifetime: 200ms',
      ].join('\n'),
    );
    target = await startTarget(withCredentials);
    const child = ChildLoad.start([
      '--address',
      `127.0.0.1:${target.streamAddress.port}`,
      '--profile',
      file,
      '--user',
      'u',
      '--password',
      'p',
      '--ready-json',
    ]);
    children.push(child);
    const lines = await child.jsonLines(2);
    expect(await child.exited()).toEqual({ code: 0, signal: null });
    expect(lines[1]).toMatchObject({
      event: 'summary',
      seed: 3,
      started: 13,
      // The three held sessions outlive their 1 s scenario (gracefulStop 0s).
      completed: 10,
      interrupted: 3,
      droppedTotal: 0,
    });
    expectSessionsAddUp(lines[1]!);
  });

  it('exits 99 when a threshold is crossed: every session refused at AUTH, by default', async () => {
    target = await startTarget(withCredentials);
    const address = `127.0.0.1:${target.streamAddress.port}`;
    const args = ['--address', address, '--vus', '4', '--duration', '1s', '--reconnect', 'off'];
    const child = ChildLoad.start([...args, '--lifetime', '5s', '--graceful-stop', '0s']);
    children.push(child);
    expect(await child.exited()).toEqual({ code: 99, signal: null });
    expect(child.stdout).toContain('server_error:INVALID_AUTH');
    expect(child.stdout).toContain('✗ session_drop_rate rate<0.5: 100.00 %');
    expect(child.stdout).toContain('✗ session_streamed_rate rate>0.5: 0.00 %');
  });

  it('judges --threshold expressions, handshake percentiles included, and exits 0 only when all hold', async () => {
    const run = async (threshold: string) => {
      const { child } = await startTargetAndLoad([
        '--ready-json',
        '--vus',
        '3',
        '--duration',
        '1s',
        '--lifetime',
        '300ms',
        '--threshold',
        'session_drop_rate:rate<1%',
        '--threshold',
        threshold,
      ]);
      const lines = await child.jsonLines(2);
      expectSessionsAddUp(lines[1]!);
      await target?.close();
      target = undefined;
      return { exit: await child.exited(), thresholds: lines[1]!.thresholds as unknown[] };
    };
    const held = await run('handshake_seconds:p(95)<5s');
    expect(held.exit.code).toBe(0);
    expect(held.thresholds).toHaveLength(3);
    const crossed = await run('handshake_seconds:max<1ms');
    expect(crossed.exit.code).toBe(99);
    expect(crossed.thresholds).toContainEqual(
      expect.objectContaining({ metric: 'handshake_seconds', expression: 'max<1ms', held: false }),
    );
  });

  it('refuses a threshold on an unknown metric before connecting, exit 2', async () => {
    const child = ChildLoad.start([
      '--address',
      '127.0.0.1:9',
      '--vus',
      '1',
      '--duration',
      '1s',
      '--threshold',
      'drops:rate<1',
    ]);
    children.push(child);
    expect(await child.exited()).toEqual({ code: 2, signal: null });
    expect(child.stderr).toMatch(/flags: --threshold drops\[0\]: unknown metric "drops"/);
  });

  it('refuses a bad profile file naming the file and the field, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-load-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        stages: [
          { duration: '10s', target: 5 },
          { duration: 'abc', target: 1 },
        ],
      }),
    );
    const child = ChildLoad.start(['--address', '127.0.0.1:9', '--profile', file]);
    children.push(child);
    expect(await child.exited()).toEqual({ code: 2, signal: null });
    expect(child.stderr).toContain(
      `${file}: stages[1].duration: expected a duration like "30s", got "abc"`,
    );
  });

  it('refuses a non-loopback address unless --allow-remote names it, and exits 2', async () => {
    const child = ChildLoad.start([
      '--address',
      '192.0.2.10:8080',
      '--vus',
      '1',
      '--duration',
      '1s',
    ]);
    children.push(child);
    expect(await child.exited()).toEqual({ code: 2, signal: null });
    expect(child.stderr).toContain('--allow-remote 192.0.2.10');
    expect(child.stdout).toBe('');
  });

  it('names the flag in an inline profile error, and exits 2', async () => {
    const child = ChildLoad.start([
      '--address',
      '127.0.0.1:9',
      '--vus',
      '2',
      '--duration',
      '1s',
      '--pong-timeout',
      '20s',
    ]);
    children.push(child);
    expect(await child.exited()).toEqual({ code: 2, signal: null });
    expect(child.stderr).toContain(
      'flags: --pong-timeout: expected a timeout shorter than heartbeatInterval (15s), got "20s"',
    );
  });
});
