// A small TickStorm client for the tests, written from PROTOCOL.md: it sends frames,
// collects every frame the server sends, and waits for them with a bound.

import { type Socket, connect } from 'node:net';
import { type Frame, FrameDecoder, MessageType, encodeFrame } from '../../src/tickstorm/frame.js';
import {
  AckResponse,
  AuthRequest,
  DataBatch,
  ErrorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  SubscribeRequest,
  SubscriptionMode,
  errorCodeName,
} from '../../src/tickstorm/messages.js';
import type { HostPort } from '../../src/tickstorm/listen-address.js';

export class TestClient {
  private readonly decoder = new FrameDecoder(16 * 1024 * 1024);
  private readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  /** Every frame the server sent, taken or not (0 means it closed without a word). */
  framesReceived = 0;
  /** Set when the server reset the connection or the stream broke. */
  error: string | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      const frames = this.decoder.push(chunk);
      this.framesReceived += frames.length;
      this.frames.push(...frames);
      this.wake();
    });
    socket.on(
      'error',
      (error: NodeJS.ErrnoException) => (this.error = error.code ?? error.message),
    );
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(address: HostPort, localAddress?: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port, localAddress });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new TestClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Connects, authenticates and subscribes; returns once both ACKs arrived. */
  static async subscribed(
    address: HostPort,
    options: { username?: string; password?: string; symbols?: string[]; mode?: number } = {},
  ): Promise<TestClient> {
    const client = await TestClient.connect(address);
    client.auth(options.username ?? '', options.password ?? '');
    await client.nextAck();
    client.subscribe(options.mode ?? SubscriptionMode.SECOND, options.symbols ?? []);
    await client.nextAck();
    return client;
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  send(type: number, payload: Uint8Array = new Uint8Array(0)): void {
    this.socket.write(encodeFrame(type, payload));
  }

  auth(username: string, password: string): void {
    this.send(
      MessageType.AUTH,
      AuthRequest.encode({ username, password, clientId: 'test', version: '1' }),
    );
  }

  subscribe(mode: number, symbols: string[] = []): void {
    this.send(MessageType.SUBSCRIBE, SubscribeRequest.encode({ mode, symbols }));
  }

  heartbeat(timestampMs: number, sequence: number): void {
    this.send(MessageType.HEARTBEAT, HeartbeatRequest.encode({ timestampMs, sequence }));
  }

  /** The next frame the server sent, waiting up to `boundMs` for it. */
  async next(boundMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + boundMs;
    while (this.frames.length === 0) {
      if (this.closed) throw new Error('the server closed the connection before sending a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame from the server within ${boundMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.shift()!;
  }

  async nextOf(type: number, boundMs = 10_000): Promise<Frame> {
    const frame = await this.next(boundMs);
    if (frame.type !== type) {
      const detail = frame.type === MessageType.ERROR ? ` (${describeError(frame)})` : '';
      throw new Error(`expected a frame of type ${type}, got type ${frame.type}${detail}`);
    }
    return frame;
  }

  /** The next frame of `type`, passing over DATA_BATCH frames that arrive first. */
  async nextPastBatches(type: number, boundMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + boundMs;
    for (;;) {
      const frame = await this.next(Math.max(1, deadline - Date.now()));
      if (frame.type !== MessageType.DATA_BATCH || type === MessageType.DATA_BATCH) {
        if (frame.type !== type) throw new Error(`expected type ${type}, got ${frame.type}`);
        return frame;
      }
    }
  }

  async nextAck(boundMs?: number) {
    return AckResponse.decode((await this.nextOf(MessageType.ACK, boundMs)).payload);
  }

  async nextError(boundMs?: number) {
    return ErrorResponse.decode((await this.nextOf(MessageType.ERROR, boundMs)).payload);
  }

  async nextPong(boundMs?: number) {
    return HeartbeatResponse.decode((await this.nextOf(MessageType.PONG, boundMs)).payload);
  }

  async nextBatch(boundMs?: number) {
    return DataBatch.decode((await this.nextOf(MessageType.DATA_BATCH, boundMs)).payload);
  }

  /** Resolves when the server has closed the connection, within `boundMs`. */
  async closedByServer(boundMs = 10_000): Promise<void> {
    const deadline = Date.now() + boundMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`the server did not close the connection within ${boundMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The client's own clean close: FIN, then wait for the server's side to close. */
  async end(boundMs = 10_000): Promise<void> {
    this.socket.end();
    await this.closedByServer(boundMs);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function describeError(frame: Frame): string {
  const error = ErrorResponse.decode(frame.payload);
  return `ERROR ${errorCodeName(error.code)}: ${error.message}`;
}
