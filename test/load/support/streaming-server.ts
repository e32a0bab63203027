// A TickStorm-speaking server that writes a DATA_BATCH every `everyMs` after SUBSCRIBE
// and tallies how each connection ended from its side: the client's FIN, a reset, or another error.
// A fast stream makes a close that races a write frequent enough to count.

import { type AddressInfo, type Socket, createServer } from 'node:net';
import { FrameDecoder, MessageType, encodeFrame } from '../../../src/tickstorm/frame.js';
import { AckResponse, DataBatch } from '../../../src/tickstorm/messages.js';

export interface StreamingServer {
  address: { host: string; port: number };
  /** How each connection ended: the client's FIN, a reset, or another socket error (by code). */
  ended: { fin: number; reset: number; other: Record<string, number> };
  /** Resolves once `count` connections have ended, or after `withinMs` whatever the count. */
  allEnded(count: number, withinMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startStreamingServer(everyMs: number): Promise<StreamingServer> {
  const ended = { fin: 0, reset: 0, other: {} as Record<string, number> };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let sequence = 0;
    let timer: NodeJS.Timeout | undefined;
    let counted = false;
    const count = (how: string) => {
      if (counted) return;
      counted = true;
      if (how === 'fin' || how === 'reset') ended[how]++;
      else ended.other[how] = (ended.other[how] ?? 0) + 1;
    };
    socket.on('end', () => count('fin'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      count(error.code === 'ECONNRESET' ? 'reset' : (error.code ?? error.message));
    });
    socket.on('close', () => {
      count('closed without FIN or error');
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
  const endedCount = () =>
    ended.fin + ended.reset + Object.values(ended.other).reduce((sum, n) => sum + n, 0);
  return {
    address: { host: '127.0.0.1', port },
    ended,
    allEnded: async (count, withinMs) => {
      const deadline = Date.now() + withinMs;
      while (endedCount() < count && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
