// A TickStorm-speaking server that misbehaves on purpose, so the client's classification
// is tested over a real socket: it breaks the protocol after SUBSCRIBE, or answers AUTH
// with a refusal, or never answers it at all (as the published server's silent queue does),
// or streams and closes every session at a fixed age (as the published server's first
// heartbeat timer does). It uses the real codec; only its behaviour is wrong.

import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { FrameDecoder, MessageType, encodeFrame } from '../../../src/tickstorm/frame.js';
import {
  AckResponse,
  DataBatch,
  HeartbeatRequest,
  HeartbeatResponse,
} from '../../../src/tickstorm/messages.js';

export type Misbehaviour =
  | 'sequence_repeat'
  | 'sequence_back'
  | 'bad_magic'
  | 'undecodable_batch'
  | 'reset_after_subscribe'
  | 'refuse_auth'
  | 'never_answer_auth'
  | 'close_at_fixed_age';

/** How long after its AUTH ACK `close_at_fixed_age` closes a session, whatever the client does. */
export const FIXED_AGE_MS = 2_000;

export interface MisbehavingServer {
  address: { host: string; port: number };
  close(): Promise<void>;
}

function batch(sequence: number): Buffer {
  return encodeFrame(
    MessageType.DATA_BATCH,
    DataBatch.encode({ batchSequence: sequence, batchTimestampMs: Date.now() }),
  );
}

function misbehave(socket: Socket, how: Misbehaviour): void {
  switch (how) {
    // Gaps are legal (the published server's numbers skip); a repeat or a step back is not.
    case 'sequence_repeat':
      socket.write(batch(3));
      socket.write(batch(5));
      socket.write(batch(5));
      return;
    case 'sequence_back':
      socket.write(batch(7));
      socket.write(batch(4));
      return;
    case 'reset_after_subscribe':
      socket.write(batch(1));
      setTimeout(() => socket.resetAndDestroy(), 200);
      return;
    case 'bad_magic':
      socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
      return;
    case 'undecodable_batch':
      socket.write(encodeFrame(MessageType.DATA_BATCH, Uint8Array.from([0x0a, 0x7f, 0x01])));
      return;
    case 'close_at_fixed_age': {
      // A healthy stream until the close, so the close is the only thing that goes wrong.
      let sequence = 0;
      const stream = setInterval(() => {
        if (!socket.writableEnded) socket.write(batch(++sequence));
      }, 250);
      socket.on('close', () => clearInterval(stream));
      return;
    }
  }
}

function pong(payload: Buffer): Buffer {
  const { timestampMs, sequence } = HeartbeatRequest.decode(payload);
  return encodeFrame(
    MessageType.PONG,
    HeartbeatResponse.encode({
      clientTimestampMs: timestampMs,
      serverTimestampMs: Date.now(),
      sequence,
    }),
  );
}

export async function startMisbehavingServer(how: Misbehaviour): Promise<MisbehavingServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        // Read and ignored: the connection stays open and the client hears nothing.
        if (how === 'never_answer_auth') continue;
        if (frame.type === MessageType.AUTH || frame.type === MessageType.SUBSCRIBE) {
          const success = !(how === 'refuse_auth' && frame.type === MessageType.AUTH);
          socket.write(
            encodeFrame(MessageType.ACK, AckResponse.encode({ ackType: frame.type, success })),
          );
        }
        if (frame.type === MessageType.HEARTBEAT) socket.write(pong(frame.payload));
        if (frame.type === MessageType.AUTH && how === 'close_at_fixed_age') {
          const close = setTimeout(() => socket.end(), FIXED_AGE_MS);
          socket.on('close', () => clearTimeout(close));
        }
        if (frame.type === MessageType.SUBSCRIBE) misbehave(socket, how);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: '127.0.0.1', port },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
