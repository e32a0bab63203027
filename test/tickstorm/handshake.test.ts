// Real sockets against the in-process reference target: the full handshake, tick
// delivery with continuous batch_sequence, PONG, and a clean close that is no drop.

import { afterEach, describe, expect, it } from 'vitest';
import { MessageType } from '../../src/tickstorm/frame.js';
import { HeartbeatResponse, SubscriptionMode } from '../../src/tickstorm/messages.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

const ephemeral = { port: 0, metricsPort: 0, healthPort: 0 };
let target: RunningTarget | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await target?.close();
  target = undefined;
});

async function client(options: Parameters<typeof TestClient.subscribed>[1] = {}) {
  const c = await TestClient.subscribed(target!.streamAddress, {
    username: 'trader',
    password: 's3cret',
    ...options,
  });
  clients.push(c);
  return c;
}

describe('reference target: handshake and ticks (real sockets)', () => {
  it('acknowledges AUTH and SUBSCRIBE, then streams plausible ticks with batch_sequence 1, 2, 3…', async () => {
    target = await startTarget({
      ...ephemeral,
      username: 'trader',
      password: 's3cret',
      symbols: ['AAA', 'BBB', 'CCC'],
    });
    const c = await TestClient.connect(target.streamAddress);
    clients.push(c);
    c.auth('trader', 's3cret');
    expect(await c.nextAck()).toMatchObject({ ackType: MessageType.AUTH, success: true });
    c.subscribe(SubscriptionMode.SECOND);
    expect(await c.nextAck()).toMatchObject({ ackType: MessageType.SUBSCRIBE, success: true });

    let previousTimestamp = 0;
    for (let expected = 1; expected <= 3; expected++) {
      const batch = await c.nextBatch(5000);
      expect(batch.batchSequence).toBe(expected);
      expect(batch.batchTimestampMs).toBeGreaterThan(previousTimestamp);
      previousTimestamp = batch.batchTimestampMs;
      expect(batch.ticks.map((t) => t.symbol)).toEqual(['AAA', 'BBB', 'CCC']);
      for (const tick of batch.ticks) {
        expect(tick.mode).toBe(SubscriptionMode.SECOND);
        expect(tick.bid).toBeLessThan(tick.price);
        expect(tick.price).toBeLessThan(tick.ask);
        expect(tick.bidSize).toBeGreaterThan(0);
        expect(tick.askSize).toBeGreaterThan(0);
        expect(tick.volume).toBeGreaterThan(0);
        expect(Math.abs(tick.timestampMs - batch.batchTimestampMs)).toBeLessThan(60_000);
      }
    }
    expect(target.stats()).toMatchObject({ accepted: 1, active: 1, dropped: 0 });
  });

  it('splits a beat into batches of at most MAX_BATCH_SIZE ticks with consecutive sequences', async () => {
    target = await startTarget({ ...ephemeral, maxBatchSize: 3 });
    const c = await client({ symbols: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'] });
    const batches = [];
    for (let i = 0; i < 6; i++) batches.push(await c.nextBatch(5000));
    expect(batches.map((b) => b.batchSequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches.map((b) => b.ticks.length)).toEqual([3, 3, 1, 3, 3, 1]);
    expect(batches.slice(0, 3).flatMap((b) => b.ticks.map((t) => t.symbol))).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'A5',
      'A6',
      'A7',
    ]);
  });

  it('answers HEARTBEAT with a PONG that echoes the client timestamp and sequence', async () => {
    target = await startTarget(ephemeral);
    const c = await client();
    const before = Date.now();
    c.heartbeat(1_700_000_000_123, 42);
    const pong = HeartbeatResponse.decode((await c.nextPastBatches(MessageType.PONG)).payload);
    expect(pong.clientTimestampMs).toBe(1_700_000_000_123);
    expect(pong.sequence).toBe(42);
    expect(pong.serverTimestampMs).toBeGreaterThanOrEqual(before);
  });

  it('sends MINUTE sessions nothing while SECOND sessions get their batches each second', async () => {
    target = await startTarget(ephemeral);
    const minute = await client({ mode: SubscriptionMode.MINUTE });
    const second = await client({ mode: SubscriptionMode.SECOND });
    for (let i = 1; i <= 3; i++) expect((await second.nextBatch(5000)).batchSequence).toBe(i);
    minute.heartbeat(7, 7);
    // The PONG is the first frame the MINUTE session got after its ACKs: no batch came before it.
    expect((await minute.next()).type).toBe(MessageType.PONG);
  });

  it('keeps the sessions of several clients independent', async () => {
    target = await startTarget(ephemeral);
    const [a, b] = [await client(), await client()];
    expect((await a.nextBatch(5000)).batchSequence).toBe(1);
    expect((await a.nextBatch(5000)).batchSequence).toBe(2);
    const c = await client();
    expect((await c.nextBatch(5000)).batchSequence).toBe(1);
    expect((await b.nextBatch(5000)).batchSequence).toBe(1);
  });

  it('counts no drop when the client closes its own connection', async () => {
    target = await startTarget(ephemeral);
    const c = await client();
    await c.nextBatch(5000);
    await c.end();
    const stats = await waitFor(
      'the target to see the close',
      () => target!.stats().active === 0 && target!.stats(),
    );
    expect(stats).toMatchObject({ accepted: 1, dropped: 0, closedByClient: 1 });
  });
});
