// A bench client process for `npm run bench:target`: holds thousands of SECOND-mode
// sessions against the reference target from one source address, heartbeats them, and
// counts the DATA_BATCH frames they receive. Driven by its parent over IPC.

import { type Socket, connect } from 'node:net';
import { raiseNofileLimit } from '../src/load/nofile.js';
import { MessageType, encodeFrame } from '../src/tickstorm/frame.js';
import {
  AuthRequest,
  DataBatch,
  HeartbeatRequest,
  SubscribeRequest,
  SubscriptionMode,
} from '../src/tickstorm/messages.js';

export type ClientCommand =
  | { cmd: 'open'; host: string; port: number; count: number; localAddress: string }
  | { cmd: 'report' };
export interface ClientReport {
  type: 'report';
  held: number;
  refused: number;
  failed: number;
  frames: number;
  batches: number;
  bytes: number;
  sequenceErrors: number;
  nofileSoft: number;
}

/** Connects in flight at once, so the target's accept backlog is not flooded into SYN retries. */
const CONNECTS_IN_FLIGHT = 64;
/** Well inside the target's 20 s heartbeat timeout. */
const HEARTBEAT_EVERY_MS = 10_000;
/** Every this many batches, one is decoded to check batch_sequence continuity. */
const DECODE_EVERY = 997;

interface BenchSession {
  socket: Socket;
  pending: Buffer | null;
  acks: number;
  batches: number;
  lastHeartbeatAt: number;
}

const sessions = new Set<BenchSession>();
const totals = { refused: 0, failed: 0, frames: 0, batches: 0, bytes: 0, sequenceErrors: 0 };
const authFrame = encodeFrame(
  MessageType.AUTH,
  AuthRequest.encode({ username: 'bench', password: 'bench', clientId: 'bench' }),
);
const subscribeFrame = encodeFrame(
  MessageType.SUBSCRIBE,
  SubscribeRequest.encode({ mode: SubscriptionMode.SECOND }),
);

// Node cannot setrlimit; prlimit raises our own soft nofile limit to the hard one.
const nofileSoft = raiseNofileLimit().soft;

function openOne(host: string, port: number, localAddress: string): Promise<void> {
  return new Promise((resolve) => {
    const session: BenchSession = {
      socket: connect({ host, port, localAddress, noDelay: true }),
      pending: null,
      acks: 0,
      batches: 0,
      // Spread the first heartbeats over the interval.
      lastHeartbeatAt: Date.now() - Math.random() * HEARTBEAT_EVERY_MS,
    };
    let settled = false;
    let connected = false;
    const settle = (outcome: 'held' | 'refused' | 'failed') => {
      if (settled) return;
      settled = true;
      if (outcome === 'held') sessions.add(session);
      else totals[outcome]++;
      resolve();
    };
    session.socket.on('connect', () => {
      connected = true;
      session.socket.write(authFrame);
      session.socket.write(subscribeFrame);
    });
    session.socket.on('data', (chunk: Buffer) => {
      readFrames(session, chunk);
      if (session.acks >= 2) settle('held');
    });
    // Turned away after connecting (the guard closes at once, often with a reset): refused.
    session.socket.on('error', () => settle(connected ? 'refused' : 'failed'));
    session.socket.on('close', () => {
      sessions.delete(session);
      settle('refused'); // closed before both ACKs: the guard turned it away
    });
  });
}

function readFrames(session: BenchSession, chunk: Buffer): void {
  totals.bytes += chunk.length;
  const data = session.pending ? Buffer.concat([session.pending, chunk]) : chunk;
  let offset = 0;
  while (data.length - offset >= 8) {
    const total = 12 + data.readUInt32BE(offset + 4);
    if (data.length - offset < total) break;
    const type = data[offset + 3];
    totals.frames++;
    if (type === MessageType.ACK) session.acks++;
    if (type === MessageType.DATA_BATCH) {
      session.batches++;
      totals.batches++;
      if (totals.batches % DECODE_EVERY === 0) {
        const batch = DataBatch.decode(data.subarray(offset + 8, offset + total - 4));
        if (batch.batchSequence !== session.batches) totals.sequenceErrors++;
      }
    }
    offset += total;
  }
  session.pending = offset === data.length ? null : Buffer.from(data.subarray(offset));
}

async function open(command: Extract<ClientCommand, { cmd: 'open' }>): Promise<void> {
  let started = 0;
  const lane = async () => {
    while (started < command.count) {
      started++;
      await openOne(command.host, command.port, command.localAddress);
    }
  };
  await Promise.all(Array.from({ length: CONNECTS_IN_FLIGHT }, lane));
}

// Each session heartbeats every ~10 s (first ones spread over the interval).
let heartbeatSequence = 0;
setInterval(() => {
  const now = Date.now();
  for (const session of sessions) {
    if (now - session.lastHeartbeatAt < HEARTBEAT_EVERY_MS) continue;
    session.lastHeartbeatAt = now;
    const request = HeartbeatRequest.encode({ timestampMs: now, sequence: ++heartbeatSequence });
    session.socket.write(encodeFrame(MessageType.HEARTBEAT, request));
  }
}, 1000);

function report(): ClientReport {
  return { type: 'report', held: sessions.size, ...totals, nofileSoft };
}

process.on('message', (message: ClientCommand) => {
  if (message.cmd === 'open') void open(message).then(() => process.send!(report()));
  else process.send!(report());
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'started', nofileSoft });
