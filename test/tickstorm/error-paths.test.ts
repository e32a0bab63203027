// Every ERROR path of PROTOCOL.md against the in-process reference target over real
// sockets: the code sent, whether the server closes, and the one drop each close counts.

import { afterEach, describe, expect, it } from 'vitest';
import type { DropReason } from '../../src/tickstorm/drop-reasons.js';
import { MessageType, encodeFrame } from '../../src/tickstorm/frame.js';
import { ErrorCode, SubscriptionMode, errorCodeName } from '../../src/tickstorm/messages.js';
import {
  type RunningTarget,
  type StartTargetOptions,
  startTarget,
} from '../../src/tickstorm/target.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

let target: RunningTarget | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await target?.close();
  target = undefined;
});

async function start(options: StartTargetOptions = {}) {
  target = await startTarget({
    port: 0,
    metricsPort: 0,
    healthPort: 0,
    username: 'u',
    password: 'p',
    ...options,
  });
  return target;
}

async function connect(localAddress?: string) {
  const client = await TestClient.connect(target!.streamAddress, localAddress);
  clients.push(client);
  return client;
}

async function authenticated() {
  const client = await connect();
  client.auth('u', 'p');
  await client.nextAck();
  return client;
}

/** The client gets ERROR `code`, then the server closes, and exactly one drop is counted. */
async function expectClosedWith(client: TestClient, code: number, reason: DropReason) {
  const error = await client.nextError();
  expect(errorCodeName(error.code)).toBe(errorCodeName(code));
  expect(error.message).not.toBe('');
  await client.closedByServer();
  const stats = await waitFor(
    'the drop to be counted',
    () => target!.stats().active === 0 && target!.stats(),
  );
  expect(stats.dropped).toBe(1);
  expect(stats.droppedByReason[reason]).toBe(1);
}

/** The client gets ERROR `code` and the session stays usable. */
async function expectStillOpen(client: TestClient, code: number) {
  const error = await client.nextError();
  expect(errorCodeName(error.code)).toBe(errorCodeName(code));
  client.heartbeat(1, 1);
  expect((await client.nextPastBatches(MessageType.PONG)).type).toBe(MessageType.PONG);
  expect(target!.stats().dropped).toBe(0);
}

function frameWith(type: number, payload: Uint8Array, change: (frame: Buffer) => void): Buffer {
  const frame = encodeFrame(type, payload);
  change(frame);
  return frame;
}

describe('reference target: error paths (real sockets)', () => {
  it('AUTH_REQUIRED when the first frame is not AUTH', async () => {
    await start();
    const client = await connect();
    client.subscribe(SubscriptionMode.SECOND);
    await expectClosedWith(client, ErrorCode.AUTH_REQUIRED, 'protocol_error');
  });

  it('AUTH_REQUIRED and a close when no AUTH arrives within the auth timeout', async () => {
    await start({ authTimeoutMs: 300 });
    const client = await connect();
    await expectClosedWith(client, ErrorCode.AUTH_REQUIRED, 'auth_timeout');
  });

  it('INVALID_AUTH and a close on wrong credentials', async () => {
    await start();
    const client = await connect();
    client.auth('u', 'wrong');
    await expectClosedWith(client, ErrorCode.INVALID_AUTH, 'auth_failed');
  });

  it('accepts any credentials when none are configured', async () => {
    await start({ username: '', password: '' });
    const client = await connect();
    client.auth('anyone', 'anything');
    expect(await client.nextAck()).toMatchObject({ ackType: MessageType.AUTH, success: true });
  });

  it('RATE_LIMITED per client IP after 3 failures, even with the right password', async () => {
    await start();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const client = await connect('127.0.0.1');
      client.auth('u', 'wrong');
      expect(errorCodeName((await client.nextError()).code)).toBe('INVALID_AUTH');
      await client.closedByServer();
    }
    const limited = await connect('127.0.0.1');
    limited.auth('u', 'p');
    expect(errorCodeName((await limited.nextError()).code)).toBe('RATE_LIMITED');
    await limited.closedByServer();
    // Another source address is not limited.
    const other = await connect('127.0.0.2');
    other.auth('u', 'p');
    expect(await other.nextAck()).toMatchObject({ success: true });
    const stats = await waitFor('4 drops', () => target!.stats().dropped === 4 && target!.stats());
    expect(stats.droppedByReason).toMatchObject({ auth_failed: 3, rate_limited: 1 });
  });

  it('a successful AUTH resets the failure count', async () => {
    await start();
    const attempt = async (password: string) => {
      const client = await connect('127.0.0.3');
      client.auth('u', password);
      const frame = await client.next();
      client.destroy();
      return frame.type === MessageType.ACK ? 'ACK' : 'ERROR';
    };
    expect([await attempt('x'), await attempt('x'), await attempt('p')]).toEqual([
      'ERROR',
      'ERROR',
      'ACK',
    ]);
    expect([await attempt('x'), await attempt('x'), await attempt('p')]).toEqual([
      'ERROR',
      'ERROR',
      'ACK',
    ]);
  });

  it('ALREADY_AUTHENTICATED on a second AUTH, session kept', async () => {
    await start();
    const client = await authenticated();
    client.auth('u', 'p');
    await expectStillOpen(client, ErrorCode.ALREADY_AUTHENTICATED);
  });

  it('ALREADY_SUBSCRIBED on a second SUBSCRIBE, session kept', async () => {
    await start();
    const client = await authenticated();
    client.subscribe(SubscriptionMode.SECOND);
    await client.nextAck();
    client.subscribe(SubscriptionMode.MINUTE);
    const error = await client.nextPastBatches(MessageType.ERROR);
    expect(error.type).toBe(MessageType.ERROR);
    client.heartbeat(1, 1);
    await client.nextPastBatches(MessageType.PONG);
    expect(target!.stats().dropped).toBe(0);
  });

  it('INVALID_SUBSCRIPTION on a bad mode or symbol, session kept', async () => {
    await start();
    const client = await authenticated();
    client.subscribe(SubscriptionMode.UNSPECIFIED);
    await expectStillOpen(client, ErrorCode.INVALID_SUBSCRIPTION);
    client.subscribe(7);
    await expectStillOpen(client, ErrorCode.INVALID_SUBSCRIPTION);
    client.subscribe(SubscriptionMode.SECOND, ['NOT A TICKER!']);
    await expectStillOpen(client, ErrorCode.INVALID_SUBSCRIPTION);
    client.subscribe(SubscriptionMode.SECOND, ['OK']);
    expect(await client.nextAck()).toMatchObject({ ackType: MessageType.SUBSCRIBE });
  });

  it('INVALID_MESSAGE and a close on an undecodable payload', async () => {
    await start();
    const client = await connect();
    client.send(MessageType.AUTH, Buffer.from([0x0a, 0x05, 0x41]));
    await expectClosedWith(client, ErrorCode.INVALID_MESSAGE, 'protocol_error');
  });

  it('INVALID_MESSAGE and a close on a server-only message type', async () => {
    await start();
    const client = await authenticated();
    client.send(MessageType.DATA_BATCH);
    await expectClosedWith(client, ErrorCode.INVALID_MESSAGE, 'protocol_error');
  });

  it('INVALID_MESSAGE and a close on bad magic', async () => {
    await start();
    const client = await connect();
    client.sendRaw(frameWith(MessageType.AUTH, Buffer.alloc(0), (f) => f.writeUInt16BE(0xbeef, 0)));
    await expectClosedWith(client, ErrorCode.INVALID_MESSAGE, 'protocol_error');
  });

  it('CHECKSUM_FAILED and a close on a CRC mismatch', async () => {
    await start();
    const client = await authenticated();
    client.sendRaw(
      frameWith(MessageType.HEARTBEAT, Buffer.from([8, 1]), (f) => (f[f.length - 1]! ^= 0xff)),
    );
    await expectClosedWith(client, ErrorCode.CHECKSUM_FAILED, 'protocol_error');
  });

  it('PROTOCOL_VERSION and a close on version 2', async () => {
    await start();
    const client = await connect();
    client.sendRaw(frameWith(MessageType.AUTH, Buffer.alloc(0), (f) => (f[2] = 2)));
    await expectClosedWith(client, ErrorCode.PROTOCOL_VERSION, 'protocol_error');
  });

  it('MESSAGE_TOO_LARGE and a close as soon as the header announces more than 64 KiB', async () => {
    await start();
    const client = await connect();
    const header = Buffer.from([0xf5, 0x7d, 0x01, MessageType.AUTH, 0, 0, 0, 0]);
    header.writeUInt32BE(64 * 1024 + 1, 4);
    client.sendRaw(header);
    await expectClosedWith(client, ErrorCode.MESSAGE_TOO_LARGE, 'protocol_error');
  });

  it('HEARTBEAT_TIMEOUT and a close when heartbeats stop', async () => {
    await start({ heartbeatTimeoutMs: 400 });
    const client = await authenticated();
    await expectClosedWith(client, ErrorCode.HEARTBEAT_TIMEOUT, 'heartbeat_timeout');
  });
});
