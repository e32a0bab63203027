// One client connection through the protocol of PROTOCOL.md: AUTH first (within the
// auth timeout, rate limited per IP), then SUBSCRIBE, HEARTBEAT/PONG, and DATA_BATCH
// pushed by the publisher. Whoever ends the session decides whether it was a drop.

import type { Socket } from 'node:net';
import type { AuthRateLimiter } from './auth-rate-limiter.js';
import type { TargetConfig } from './config.js';
import { credentialsAccepted } from './credentials.js';
import type { DropReason } from './drop-reasons.js';
import { type Frame, FrameDecoder, MessageType, encodeFrame } from './frame.js';
import { FrameError } from './frame-errors.js';
import { HeartbeatFloodWarning } from './heartbeat-flood-warning.js';
import {
  AckResponse,
  AuthRequest,
  ErrorCode,
  ErrorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  SubscribeRequest,
  SubscriptionMode,
  errorCodeName,
} from './messages.js';
import {
  errorCodeForFrameError,
  errorTypeOf,
  messageTypeName,
  modeName,
} from './protocol-names.js';
import { publishedConnectionFields } from './published-connection-log.js';
import { SessionAgeClose } from './session-age-close.js';
import type { SharedBatch } from './shared-batch.js';
import { checkSubscription } from './subscription.js';
import type { TargetMetrics } from './target-metrics.js';
import { WriteQueue } from './write-queue.js';

export interface SessionHost {
  config: TargetConfig;
  metrics: TargetMetrics;
  rateLimiter: AuthRateLimiter;
  subscribed(session: Session): void;
  /** The target's log, for the lines the published server writes per session. */
  log(line: string): void;
  /** Called once, when the socket has closed; `reason` null means the client closed it. */
  ended(session: Session, reason: DropReason | null): void;
}

export class Session {
  readonly openedAt = performance.now();
  state: 'awaiting_auth' | 'authenticated' | 'subscribed' | 'closing' = 'awaiting_auth';
  mode: number = SubscriptionMode.UNSPECIFIED;
  symbols: string[] = [];
  /** Mode and symbols in one string: sessions with the same key share encoded batches. */
  subscriptionKey = '';
  /** The last DATA_BATCH's number: +1 each batch, or from `framesWritten` as published. */
  batchSequence = 0;
  /** Frames written so far; the published server numbers batches from this counter. */
  private framesWritten = 0;
  /** The publisher's beat at which this session's next DATA_BATCH is due. */
  nextBatchBeat = 0;
  private lastHeartbeatAt = 0;
  /** Published habits that start at the AUTH ACK (AS_PUBLISHED); null when off. */
  private ageClose: SessionAgeClose | null = null;
  private floodWarning: HeartbeatFloodWarning | null = null;
  private closingSince = 0;
  private dropReason: DropReason | null = null;
  private clientEnded = false;
  private socketError: string | undefined;
  private readonly decoder: FrameDecoder;
  readonly writes: WriteQueue;

  constructor(
    readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    this.decoder = new FrameDecoder(host.config.maxPayloadBytes);
    this.writes = new WriteQueue(socket, host.config.maxWriteQueueSize, (ms) =>
      host.metrics.writeLatency.observe(ms / 1000),
    );
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('end', () => (this.clientEnded = true));
    socket.on(
      'error',
      (error: NodeJS.ErrnoException) => (this.socketError ??= error.code ?? 'error'),
    );
    socket.on('close', () => {
      const reason = this.endReason();
      this.state = 'closing'; // nothing more to send once the socket is gone
      this.host.ended(this, reason);
    });
  }

  /** A getter, not a field test, so TypeScript re-reads it after calls that may close. */
  get closing(): boolean {
    return this.state === 'closing';
  }

  get modeName(): string {
    return modeName(this.mode);
  }

  /** Queues one DATA_BATCH; returns its size, or 0 when the session is closing or was just dropped as slow. */
  sendBatch(batch: SharedBatch): number {
    if (this.state !== 'subscribed') return 0;
    if (this.host.config.asPublished.has('gapped-batch-sequence')) {
      // As measured: each DATA_BATCH takes two numbers, every other frame one (3, 5, 7, 10 …).
      this.batchSequence = this.framesWritten + 1;
      this.framesWritten += 2;
    } else {
      this.batchSequence++;
    }
    const frame = batch.frameFor(this.batchSequence);
    if (this.writes.push(frame)) return frame.length;
    this.drop('slow_client'); // "write queue full"
    return 0;
  }

  /** The sweep: auth timeout, heartbeat timeout, write deadline, and closes that hang. */
  checkTimers(now: number): void {
    const { config, metrics } = this.host;
    if (this.closing) {
      if (now - this.closingSince > Math.min(config.writeDeadlineMs, 2000)) this.socket.destroy();
    } else if (this.writes.overdue(now, config.writeDeadlineMs)) {
      metrics.writeDeadlineExceeded.inc();
      metrics.writeTimeouts.inc();
      this.drop('write_timeout');
    } else if (this.state === 'awaiting_auth' && now - this.openedAt >= config.authTimeoutMs) {
      this.fail(
        'auth_timeout',
        ErrorCode.AUTH_REQUIRED,
        `no AUTH within ${config.authTimeoutMs} ms`,
      );
    } else if (this.ageClose?.due(now)) {
      // Armed a moment before the heartbeat timer, so it also wins against a silent client.
      this.host.log(this.ageClose.logLine(this.lastHeartbeatAt, now));
      this.drop('session_age');
    } else if (
      this.state !== 'awaiting_auth' &&
      now - this.lastHeartbeatAt >= config.heartbeatTimeoutMs
    ) {
      metrics.heartbeatTimeouts.inc();
      this.fail(
        'heartbeat_timeout',
        ErrorCode.HEARTBEAT_TIMEOUT,
        `no HEARTBEAT for ${config.heartbeatTimeoutMs} ms`,
      );
    }
  }

  /** Server-side end without a word (slow client, guard, shutdown): counted as `reason`. */
  drop(reason: DropReason): void {
    if (this.closing) return;
    this.beginClosing(reason);
    // A slow client's buffers are full, so do not wait for them to drain.
    if (reason === 'slow_client' || reason === 'write_timeout') this.socket.destroy();
    else this.socket.end();
  }

  private received(chunk: Buffer): void {
    if (this.closing) return;
    this.host.metrics.bytesRecv.inc(chunk.length);
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof FrameError)) return this.internalError(error);
      return this.protocolError(errorCodeForFrameError[error.code], error.message);
    }
    for (const frame of frames) {
      if (this.closing) return;
      const started = performance.now();
      this.host.metrics.messagesRecv.inc({
        message_type: messageTypeName(frame.type),
      });
      try {
        this.handle(frame);
      } catch (error) {
        this.internalError(error);
      }
      this.host.metrics.messageProcessing.observe((performance.now() - started) / 1000);
    }
  }

  private handle(frame: Frame): void {
    if (this.state === 'awaiting_auth' && frame.type !== MessageType.AUTH) {
      return this.protocolError(ErrorCode.AUTH_REQUIRED, 'the first frame must be AUTH');
    }
    switch (frame.type) {
      case MessageType.AUTH:
        return this.authenticate(frame.payload);
      case MessageType.SUBSCRIBE:
        return this.subscribe(frame.payload);
      case MessageType.HEARTBEAT:
        return this.heartbeat(frame.payload);
      default:
        return this.protocolError(
          ErrorCode.INVALID_MESSAGE,
          `a client may not send message type ${frame.type}`,
        );
    }
  }

  private authenticate(payload: Buffer): void {
    if (this.state !== 'awaiting_auth') {
      return this.reply(
        ErrorCode.ALREADY_AUTHENTICATED,
        'this connection is already authenticated',
      );
    }
    const request = this.decode(AuthRequest, payload);
    if (!request) return;
    const { config, metrics, rateLimiter } = this.host;
    const ip = this.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    if (rateLimiter.isLimited(ip, now)) {
      metrics.authRateLimited.inc();
      return this.fail(
        'rate_limited',
        ErrorCode.RATE_LIMITED,
        `too many failed AUTH attempts from ${ip}; wait and retry`,
      );
    }
    if (!credentialsAccepted(config, request, config.asPublished.has('exact-credentials'))) {
      rateLimiter.recordFailure(ip, now);
      metrics.authFailures.inc({ instance_id: config.instanceId, reason: 'invalid_credentials' });
      return this.fail('auth_failed', ErrorCode.INVALID_AUTH, 'invalid username or password');
    }
    rateLimiter.recordSuccess(ip);
    metrics.authSuccess.inc();
    this.state = 'authenticated';
    this.lastHeartbeatAt = performance.now();
    this.ack(MessageType.AUTH, 'authenticated');
    this.startPublishedTimers(this.lastHeartbeatAt);
  }

  /** The published handler's two heartbeat clocks, both started at the AUTH ACK. */
  private startPublishedTimers(ackedAt: number): void {
    const { asPublished, heartbeatTimeoutMs, heartbeatIntervalMs } = this.host.config;
    const ageClose = asPublished.has('session-age-close');
    const flood = asPublished.has('heartbeat-flood-warning');
    if (!ageClose && !flood) return;
    const fields = publishedConnectionFields(this.socket, performance.timeOrigin + this.openedAt);
    if (ageClose) this.ageClose = new SessionAgeClose(ackedAt, heartbeatTimeoutMs, fields);
    if (flood) this.floodWarning = new HeartbeatFloodWarning(ackedAt, heartbeatIntervalMs, fields);
  }

  private subscribe(payload: Buffer): void {
    if (this.state === 'subscribed') {
      return this.reply(ErrorCode.ALREADY_SUBSCRIBED, 'this connection is already subscribed');
    }
    const request = this.decode(SubscribeRequest, payload);
    if (!request) return;
    const subscription = checkSubscription(request, this.host.config.symbols);
    if ('problem' in subscription) {
      return this.reply(ErrorCode.INVALID_SUBSCRIPTION, subscription.problem);
    }
    this.mode = subscription.mode;
    this.symbols = subscription.symbols;
    this.subscriptionKey = subscription.key;
    this.state = 'subscribed';
    this.ack(MessageType.SUBSCRIBE, `subscribed to ${this.symbols.length} symbols`);
    this.host.subscribed(this);
  }

  private heartbeat(payload: Buffer): void {
    const request = this.decode(HeartbeatRequest, payload);
    if (!request) return;
    this.lastHeartbeatAt = performance.now();
    const flood = this.floodWarning?.heartbeat(this.lastHeartbeatAt, request.sequence);
    if (flood) this.host.log(flood);
    this.host.metrics.heartbeatsRecv.inc();
    this.send(
      MessageType.PONG,
      HeartbeatResponse.encode({
        clientTimestampMs: request.timestampMs,
        serverTimestampMs: Date.now(),
        sequence: request.sequence,
      }),
    );
    this.host.metrics.heartbeatSent.inc();
  }

  private decode<T>(codec: { decode(bytes: Uint8Array): T }, payload: Buffer): T | null {
    try {
      return codec.decode(payload);
    } catch (error) {
      this.protocolError(
        ErrorCode.INVALID_MESSAGE,
        'the payload is not a valid message',
        String(error),
      );
      return null;
    }
  }

  private protocolError(code: ErrorCode, message: string, details = ''): void {
    this.host.metrics.protocolErrors.inc({
      instance_id: this.host.config.instanceId,
      error_type: errorCodeName(code).toLowerCase(),
    });
    this.fail('protocol_error', code, message, details);
  }

  private internalError(error: unknown): void {
    const details = String(error);
    this.fail(
      'internal_error',
      ErrorCode.INTERNAL_ERROR,
      'the server failed to handle a frame',
      details,
    );
  }

  /** ERROR, then close: the server ended the session, so it is a drop. */
  private fail(reason: DropReason, code: ErrorCode, message: string, details = ''): void {
    if (this.closing) return;
    this.reply(code, message, details);
    if (this.closing) return; // the reply found the write queue full
    this.beginClosing(reason);
    this.socket.end();
  }

  /** ERROR that leaves the session open. */
  private reply(code: ErrorCode, message: string, details = ''): void {
    this.host.metrics.errors.inc({
      error_type: errorTypeOf(code),
      error_code: errorCodeName(code),
    });
    this.send(
      MessageType.ERROR,
      ErrorResponse.encode({ code, message, details, timestampMs: Date.now() }),
    );
  }

  private ack(ackType: number, message: string): void {
    this.send(
      MessageType.ACK,
      AckResponse.encode({ ackType, success: true, message, timestampMs: Date.now() }),
    );
  }

  private send(type: number, payload: Uint8Array): void {
    const frame = encodeFrame(type, payload);
    this.framesWritten++;
    const { metrics } = this.host;
    metrics.messagesSent.inc({
      message_type: messageTypeName(type),
      subscription_mode: this.modeName,
    });
    metrics.bytesSent.inc(frame.length);
    if (!this.writes.push(frame)) this.drop('slow_client');
  }

  private beginClosing(reason: DropReason): void {
    this.dropReason = reason;
    this.state = 'closing';
    this.closingSince = performance.now();
  }

  private endReason(): DropReason | null {
    if (this.dropReason) return this.dropReason;
    // After the client's FIN, a reset or broken pipe is still the client's own close.
    if (this.clientEnded || this.socketError === undefined) return null;
    return this.socketError === 'ECONNRESET' ? 'reset' : 'write_error';
  }
}
