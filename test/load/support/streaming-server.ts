// A TickStorm-speaking server that writes a DATA_BATCH every `everyMs` after SUBSCRIBE
// and tallies how each connection ended from its side: the client's FIN, or a reset.
// A fast stream makes a close that races a write frequent enough to count.

import { type AddressInfo, type Socket, createServer } from 'node:net';
import { FrameDecoder, MessageType, encodeFrame } from '../../../src/tickstorm/frame.js';
import { AckResponse, DataBatch } from '../../../src/tickstorm/messages.js';

export interface StreamingServer {
  address: { host: string; port: number };
  ended: { fin: number; reset: number };
  close(): Promise<void>;
}

export async function startStreamingServer(everyMs: number): Promise<StreamingServer> {
  const ended = { fin: 0, reset: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let sequence = 0;
    let timer: NodeJS.Timeout | undefined;
    let counted = false;
    const count = (how: 'fin' | 'reset') => {
      if (!counted) ended[how]++;
      counted = true;
    };
    socket.on('end', () => count('fin'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') count('reset');
    });
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
    });
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.type === MessageType.AUTH || frame.type === MessageType.SUBSCRIBE) {
          const ack = AckResponse.encode({ ackType: frame.type, success: true });
          socket.write(encodeFrame(MessageType.ACK, ack));
        }
        if (frame.type !== MessageType.SUBSCRIBE) continue;
        timer = setInterval(() => {
          if (counted) return;
          const batch = DataBatch.encode({
            batchSequence: ++sequence,
            batchTimestampMs: Date.now(),
          });
          socket.write(encodeFrame(MessageType.DATA_BATCH, batch));
        }, everyMs);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: '127.0.0.1', port },
    ended,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
