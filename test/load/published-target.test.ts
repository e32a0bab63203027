// `chaos load` against the reference target behaving as the published server does
// (every AS_PUBLISHED habit on, credentials set): sessions longer than 2 s complete
// with no drop, batch-number gaps are counted and forgiven, credentials come from the
// environment, and clients crowded behind one address are refused at the door.

import { afterEach, describe, expect, it } from 'vitest';
import { ChildTarget } from '../tickstorm/child-target.js';
import { ChildLoad } from './support/child-load.js';
import { expectSessionsAddUp } from './support/sessions-add-up.js';

const children: { kill(): Promise<unknown> }[] = [];

afterEach(async () => {
  for (const child of children.splice(0).reverse()) await child.kill();
});

async function publishedTarget() {
  const target = ChildTarget.start(
    ['--port', '0', '--metrics-port', '0', '--health-port', '0', '--ready-json', '--as-published'],
    { STREAM_USER: 'trader', STREAM_PASS: 's3cret' },
  );
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
});
