// `chaos load` against the reference target behaving as the published server does
// (AS_PUBLISHED habits on, credentials set): sessions longer than 2 s complete with no
// drop, batch-number gaps are counted and forgiven, credentials come from the
// environment, clients crowded behind one address are refused at the door, and sessions
// queued behind a busy worker pool are named auth_unanswered.

import { afterEach, describe, expect, it } from 'vitest';
import { ChildTarget } from '../tickstorm/child-target.js';
import { ChildLoad } from './support/child-load.js';
import { expectSessionsAddUp } from './support/sessions-add-up.js';

const children: { kill(): Promise<unknown> }[] = [];

afterEach(async () => {
  for (const child of children.splice(0).reverse()) await child.kill();
});

const ephemeral = ['--port', '0', '--metrics-port', '0', '--health-port', '0', '--ready-json'];

/**
 * Every habit but the worker pool: these tests are about gaps, credentials and admission,
 * and a pool sized from this machine's CPUs would hold their sessions in its queue for as
 * long as others live, changing what they count. The pool has a test of its own below.
 */
async function publishedTarget(
  asPublished = 'all,-silent-pool-queue',
  env: NodeJS.ProcessEnv = {},
) {
  const target = ChildTarget.start([...ephemeral, '--as-published', asPublished], {
    STREAM_USER: 'trader',
    STREAM_PASS: 's3cret',
    ...env,
  });
  children.push(target);
  return (await target.ready()).stream;
}

function load(address: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = ChildLoad.start(
    ['--address', address, '--ready-json', '--graceful-stop', '10s', ...args],
    env,
  );
  children.push(child);
  return child;
}

describe('chaos load against the target as published (child processes)', () => {
  it('with credentials from STREAM_USER/STREAM_PASS, sessions of 2.5 s complete with zero drops', async () => {
    const address = await publishedTarget();
    const child = load(address, ['--rate', '4', '--duration', '3s', '--lifetime', '2500ms'], {
      STREAM_USER: 'trader',
      STREAM_PASS: 's3cret',
    });
    const [, summary] = await child.jsonLines(2, 30_000);
    expect(await child.exited()).toEqual({ code: 0, signal: null });
    expect(summary).toMatchObject({ started: 12, completed: 12, droppedTotal: 0 });
    expect(summary!.sequenceGaps as number).toBeGreaterThan(0);
    expectSessionsAddUp(summary!);
  });

  it('without credentials every session is refused (INVALID_AUTH), and the exit code says so', async () => {
    const address = await publishedTarget();
    const child = load(address, ['--vus', '3', '--duration', '1s', '--reconnect', 'off']);
    const [, summary] = await child.jsonLines(2, 30_000);
    expect(await child.exited()).toEqual({ code: 99, signal: null });
    expect(summary!.dropped).toEqual({ 'server_error:INVALID_AUTH': 3 });
    expectSessionsAddUp(summary!);
  });

  it('from one source address, clients are closed at the door without a reply', async () => {
    const address = await publishedTarget();
    const child = load(address, [
      '--rate',
      '10',
      '--duration',
      '2s',
      '--lifetime',
      '1s',
      '--source-addresses',
      '0',
      '--user',
      'trader',
      '--password',
      's3cret',
    ]);
    const [, summary] = await child.jsonLines(2, 30_000);
    expect(await child.exited()).toEqual({ code: 99, signal: null });
    const dropped = summary!.dropped as Record<string, number>;
    expect(dropped.closed_without_reply).toBeGreaterThan((summary!.started as number) / 2);
    expectSessionsAddUp(summary!);
  });

  it('behind a busy worker pool, queued sessions get no reply and are named auth_unanswered', async () => {
    // One CPU: 1 to 4 workers and a queue of 8. Of 14 sessions held 6 s, 4 are served by
    // workers, 8 wait in the queue past a 2 s handshake deadline, 2 overflow and are served.
    const address = await publishedTarget('all', { PUBLISHED_POOL_CPUS: '1' });
    const child = load(address, [
      '--vus',
      '14',
      '--duration',
      '1s',
      '--lifetime',
      '6s',
      '--handshake-timeout',
      '2s',
      '--reconnect',
      'off',
      '--user',
      'trader',
      '--password',
      's3cret',
    ]);
    const [, summary] = await child.jsonLines(2, 30_000);
    expect(await child.exited()).toEqual({ code: 99, signal: null });
    expect(summary).toMatchObject({ started: 14, completed: 6 });
    expect(summary!.dropped).toEqual({ auth_unanswered: 8 });
    expectSessionsAddUp(summary!);
  });
});
