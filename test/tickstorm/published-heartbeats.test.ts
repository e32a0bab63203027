// The published server's two heartbeat clocks over real sockets: session-age-close (a
// session ends HEARTBEAT_TIMEOUT after its ACK although it heartbeats, with no ERROR frame
// and no heartbeat-timeout count, but a drop) and heartbeat-flood-warning (a WARN line for
// an early HEARTBEAT, none for a paced one). Lower bounds and counts only.

import { afterEach, describe, expect, it } from 'vitest';
import { MessageType } from '../../src/tickstorm/frame.js';
import { SubscriptionMode } from '../../src/tickstorm/messages.js';
import { parsePublishedBehaviours } from '../../src/tickstorm/published-behaviours.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { sampleValue, scrape } from './scrape.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

const targets: RunningTarget[] = [];
const clients: TestClient[] = [];
const timers: NodeJS.Timeout[] = [];

afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const client of clients.splice(0)) client.destroy();
  for (const target of targets.splice(0)) await target.close();
});

/** A target with `habits` whose log lines are kept. */
async function target(habits: string, options: Parameters<typeof startTarget>[0] = {}) {
  const parsed = parsePublishedBehaviours(habits);
  if ('problem' in parsed) throw new Error(parsed.problem);
  const lines: string[] = [];
  const running = await startTarget({
    port: 0,
    metricsPort: 0,
    healthPort: 0,
    instanceId: 'heartbeats',
    asPublished: parsed,
    log: (line) => lines.push(line),
    ...options,
  });
  targets.push(running);
  return { running, lines };
}

/** Subscribed, then a HEARTBEAT every 400 ms; returns when the ACK came. */
async function heartbeating(running: RunningTarget) {
  const client = await TestClient.connect(running.streamAddress);
  clients.push(client);
  client.auth('', '');
  await client.nextAck();
  const ackedAt = performance.now();
  client.subscribe(SubscriptionMode.SECOND);
  let sent = 0;
  timers.push(
    setInterval(() => {
      if (!client.closed) client.heartbeat(Date.now(), ++sent);
    }, 400),
  );
  return { client, ackedAt, sent: () => sent };
}

/** Every frame type the server sends until it closes, within `boundMs`. */
async function typesUntilClosed(client: TestClient, boundMs: number): Promise<number[]> {
  const types: number[] = [];
  const deadline = Date.now() + boundMs;
  for (;;) {
    try {
      types.push((await client.next(Math.max(1, deadline - Date.now()))).type);
    } catch (error) {
      if (client.closed) return types;
      throw error;
    }
  }
}

describe('published heartbeat clocks (real sockets)', () => {
  it('session-age-close: closes a heartbeating session HEARTBEAT_TIMEOUT after its ACK, silently, as a drop', async () => {
    const { running, lines } = await target('session-age-close', { heartbeatTimeoutMs: 1500 });
    const reference = await target('none', { heartbeatTimeoutMs: 1500 });
    const session = await heartbeating(running);
    const control = await heartbeating(reference.running);

    const types = await typesUntilClosed(session.client, 15_000);
    expect(performance.now() - session.ackedAt).toBeGreaterThanOrEqual(1400);
    expect(session.sent()).toBeGreaterThanOrEqual(2);
    expect(types).toContain(MessageType.PONG);
    expect(types).not.toContain(MessageType.ERROR);
    await waitFor('the close to be counted', () => running.stats().dropped === 1);
    expect(running.stats().droppedByReason.session_age).toBe(1);
    const families = await scrape(running.metricsUrl);
    expect(sampleValue(families, 'tick_storm_heartbeat_timeouts_total')).toBe(0);
    expect(
      sampleValue(families, 'tick_storm_connection_errors_total', {
        error_type: 'connection_dropped',
      }),
    ).toBe(1);
    expect(
      sampleValue(families, 'tick_storm_connection_drops_by_reason_total', {
        reason: 'session_age',
      }),
    ).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(
        /^ERROR heartbeat timeout - closing connection connection_id=127\.0\.0\.1:\d+-\d+ remote_addr=127\.0\.0\.1:\d+ last_heartbeat=\S+ timeout=1\.5s time_since_last=\S+$/,
      ),
    ]);

    // The same heartbeats keep a session of the reference target open past twice the timeout.
    await waitFor(
      'the control session to live 3 s',
      () => performance.now() - control.ackedAt > 3000,
    );
    expect(control.client.closed).toBe(false);
    expect(reference.running.stats().dropped).toBe(0);
  });

  it('heartbeat-flood-warning: warns for a HEARTBEAT under half the interval after the ACK, not for a paced one', async () => {
    const { running, lines } = await target('heartbeat-flood-warning', {
      heartbeatIntervalMs: 4000,
    });
    const reference = await target('none', { heartbeatIntervalMs: 4000 });
    const client = await TestClient.subscribed(running.streamAddress);
    const control = await TestClient.subscribed(reference.running.streamAddress);
    clients.push(client, control);

    client.heartbeat(Date.now(), 1);
    control.heartbeat(Date.now(), 1);
    expect((await client.nextPastBatches(MessageType.PONG)).type).toBe(MessageType.PONG);
    await control.nextPastBatches(MessageType.PONG);
    expect(lines).toEqual([
      expect.stringMatching(
        /^WARN heartbeat flooding detected connection_id=127\.0\.0\.1:\d+-\d+ remote_addr=127\.0\.0\.1:\d+ time_since_last=\S+ min_interval=2s sequence=1$/,
      ),
    ]);
    expect(reference.lines).toEqual([]);

    // Half the interval after the previous one (measured from its PONG, so at least that).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    client.heartbeat(Date.now(), 2);
    await client.nextPastBatches(MessageType.PONG);
    expect(lines).toHaveLength(1);
  });
});
