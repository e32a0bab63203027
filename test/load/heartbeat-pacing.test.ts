// The clients pace their heartbeats as the server counts them (PROTOCOL.md, "Heartbeat
// pacing"): against the reference target showing the published flood warning, with a
// 2 s heartbeat interval (so anything within 1 s of the AUTH ACK or the heartbeat
// before is flooding), 400 ms heartbeats log a warning per heartbeat, and the same load
// told the server's interval logs none, while its sessions still heartbeat and complete.

import { afterEach, describe, expect, it } from 'vitest';
import { ChildTarget } from '../tickstorm/child-target.js';
import { ChildLoad } from './support/child-load.js';
import { expectSessionsAddUp } from './support/sessions-add-up.js';

const children: { kill(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const child of children.splice(0).reverse()) await child.kill();
});

async function floodWarningTarget(): Promise<ChildTarget> {
  const target = ChildTarget.start(
    ['--port', '0', '--metrics-port', '0', '--health-port', '0', '--ready-json'],
    { AS_PUBLISHED: 'heartbeat-flood-warning', HEARTBEAT_INTERVAL_MS: '2000' },
  );
  children.push(target);
  await target.ready();
  return target;
}

async function sessions(target: ChildTarget, extra: string[]) {
  const address = JSON.parse(target.stdout.split('\n')[0]!).stream as string;
  const child = ChildLoad.start([
    '--address',
    address,
    '--ready-json',
    '--vus',
    '4',
    '--duration',
    '3s',
    '--lifetime',
    '3s',
    '--heartbeat-interval',
    '400ms',
    '--pong-timeout',
    '300ms',
    ...extra,
  ]);
  children.push(child);
  const [, summary] = await child.jsonLines(2, 60_000);
  await child.exited();
  return summary!;
}

async function heartbeatsReceived(target: ChildTarget): Promise<number> {
  const metrics = JSON.parse(target.stdout.split('\n')[0]!).metrics as string;
  const text = await (await fetch(metrics)).text();
  return Number(/^tick_storm_heartbeats_recv_total (\d+)/m.exec(text)?.[1] ?? 0);
}

const warnings = (target: ChildTarget) =>
  target.stderr.split('\n').filter((line) => line.includes('heartbeat flooding detected')).length;

describe('heartbeat pacing against the published flood warning (child processes)', () => {
  it('warns for unpaced heartbeats, and not for heartbeats paced to the server interval', async () => {
    const [unpaced, paced] = await Promise.all([floodWarningTarget(), floodWarningTarget()]);
    const [fast, slow] = await Promise.all([
      sessions(unpaced, []),
      sessions(paced, ['--server-heartbeat-interval', '2s']),
    ]);
    for (const summary of [fast, slow]) {
      expect(summary.droppedTotal).toBe(0);
      expectSessionsAddUp(summary);
    }
    expect(warnings(unpaced)).toBeGreaterThan(0);
    expect(warnings(paced)).toBe(0);
    // Paced is not silent: the server still got heartbeats, and answered them.
    expect(await heartbeatsReceived(paced)).toBeGreaterThanOrEqual(4);
  });
});
