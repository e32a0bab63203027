// KEEPALIVE_INTERVAL (the runbook's Prevention knob) turns on TCP keepalive on accepted
// connections: `ss -o` shows the kernel's keepalive timer on the target's side.

import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { targetConfigFromEnv } from '../../src/tickstorm/config.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

let target: RunningTarget | undefined;
let client: TestClient | undefined;

afterEach(async () => {
  client?.destroy();
  await target?.close();
  target = client = undefined;
});

/** `ss` lines for established sockets whose local port is the target's stream port. */
function serverSideSockets(port: number): string {
  return execFileSync('ss', ['-tnoH', 'state', 'established', `( sport = :${port} )`], {
    encoding: 'utf8',
  });
}

describe('TCP keepalive on the stream listener (real sockets, ss)', () => {
  it('is on with the configured delay when KEEPALIVE_INTERVAL is set', async () => {
    const config = targetConfigFromEnv({ KEEPALIVE_INTERVAL: '30s' });
    target = await startTarget({ ...config, port: 0, metricsPort: 0, healthPort: 0 });
    client = await TestClient.subscribed(target.streamAddress);
    // While sent bytes await their ACK, ss shows the retransmit timer instead: poll.
    const lines = await waitFor('the keepalive timer', () => {
      const text = serverSideSockets(target!.streamAddress.port);
      return text.includes('timer:(keepalive,') && text;
    });
    // The timer counts down from the 30 s delay.
    const remaining = lines.split('timer:(keepalive,')[1]!.split(',')[0]!;
    expect(remaining.endsWith('sec')).toBe(true);
    expect(Number.parseFloat(remaining)).toBeGreaterThan(20);
    expect(Number.parseFloat(remaining)).toBeLessThanOrEqual(30);
  });

  it('is off by default', async () => {
    target = await startTarget({ port: 0, metricsPort: 0, healthPort: 0 });
    client = await TestClient.subscribed(target.streamAddress);
    const lines = serverSideSockets(target.streamAddress.port);
    expect(lines.trim()).not.toBe('');
    expect(lines).not.toContain('keepalive');
  });
});
