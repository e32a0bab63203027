// One virtual TickStorm client: connect, AUTH, SUBSCRIBE, heartbeat, check every
// DATA_BATCH, hold for its lifetime, close. It ends with exactly one outcome, decided
// by the first thing that happens. Socket listeners are shared functions (the socket
// points back at its session), and deadlines live on the shared timer wheel, so a
// session costs a socket, a decoder and a handful of numbers.

import { connect, type Socket } from 'node:net';
import { FrameDecoder, MessageType, encodeFrame, type Frame } from '../../tickstorm/frame.js';
import {
  AckResponse,
  ErrorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
} from '../../tickstorm/messages.js';
import { batchOrder } from './batch-order.js';
import { firstHeartbeatAt, nextHeartbeatAt } from './heartbeat-pacing.js';
import { readBatchSummary } from './batch-reader.js';
import type { LoadMetrics } from '../metrics/metrics.js';
import {
  classifyDeadline,
  classifyPeerClose,
  classifyServerError,
  classifySocketError,
  deadlineDetail,
  type DropReason,
  type SessionOutcome,
  type SessionPhase,
} from './outcome.js';
import type { SessionRecipe } from './session-recipe.js';
import type { TimerWheel, WheelEntry } from '../schedule/timer-wheel.js';

/** After the client's FIN, how long the server gets to close its side before we destroy. */
const CLOSE_GRACE_MS = 2_000;

/** What every session of a run shares: the clock wheel, the metrics, the tallies. */
export interface SessionContext {
  readonly wheel: TimerWheel;
  readonly metrics: LoadMetrics;
  /** A source address for the next connection (spreads ports over 127.0.0.0/8). */
  nextLocalAddress(): string | undefined;
  subscribed(session: Session): void;
  /** The session's first DATA_BATCH arrived. */
  firstBatch(session: Session): void;
  /** A DATA_BATCH number skipped ahead: counted, never a drop. */
  sequenceGap(): void;
  settled(session: Session): void;
  released(session: Session): void;
}

/** Told when its session's outcome is decided: a VU loop, an arrival with retries. */
export interface SessionDriver {
  sessionSettled(session: Session): void;
}

const kSession = Symbol('session');
type SessionSocket = Socket & { [kSession]: Session };

export class Session implements WheelEntry {
  wakeSlot = -1;
  phase: SessionPhase = 'connecting';
  outcome: SessionOutcome | null = null;
  private socket: SessionSocket | null = null;
  // Each payload is decoded as it arrives, so it need not be copied out of the read.
  private readonly decoder = new FrameDecoder(undefined, false);
  private startedPerf = 0;
  /** When the AUTH ACK arrived: the server's session began serving this one. 0 before. */
  private servedSincePerf = 0;
  /** Connect or ACK deadline while handshaking. */
  private deadline = 0;
  /** Lifetime end once streaming; a ramp-down or stop may bring it forward. */
  private endAt = Infinity;
  private endLimit = Infinity;
  private nextHeartbeatAt = Infinity;
  /** 0 while no HEARTBEAT is waiting for its PONG. */
  private pongDeadline = 0;
  /** Once the lifetime is up: close right after the next DATA_BATCH, or at this time. */
  private quietCloseBy = 0;
  private heartbeatSentPerf = 0;
  /** When the AUTH ACK came: the published server starts its heartbeat clock there. */
  private authAckAt = 0;
  private heartbeatSequence = 0;
  private lastBatchAt = 0;
  private lastSequence = -1;
  private closeDeadline = 0;
  /** Whether a DATA_BATCH has arrived. */
  get gotBatch(): boolean {
    return this.lastSequence >= 0;
  }
  /** Connect start to the SUBSCRIBE ACK, once the handshake is done. */
  handshakeSeconds = 0;

  /** Seconds since its AUTH ACK, else since its connect started: a server that ends
   *  sessions at a fixed age counts from its own session's start, so we do too. */
  get ageSeconds(): number {
    return (performance.now() - (this.servedSincePerf || this.startedPerf)) / 1000;
  }

  constructor(
    private readonly context: SessionContext,
    readonly driver: SessionDriver,
    readonly recipe: SessionRecipe,
    /** The VU or arrival number within its scenario, and which attempt of it this is. */
    readonly client: number,
    readonly attempt: number,
    private readonly lifetimeMs: number,
  ) {}

  start(now: number): void {
    const { address } = this.recipe;
    const localAddress = this.context.nextLocalAddress();
    this.startedPerf = performance.now();
    this.deadline = now + this.recipe.plan.connectTimeoutMs;
    this.context.metrics.started.inc();
    this.context.metrics.active.inc();
    const socket = connect({
      host: address.host,
      port: address.port,
      localAddress,
    }) as SessionSocket;
    socket[kSession] = this;
    socket.on('connect', onConnect);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
    socket.on('close', onClose);
    this.socket = socket;
    this.context.wheel.schedule(this, this.deadline);
  }

  /** End no later than `at` (ramp-down, gracefulStop): `interrupted` if its lifetime is not up by then. */
  limitLifetime(at: number): void {
    if (this.outcome) return;
    this.endLimit = Math.min(this.endLimit, at);
    this.context.wheel.schedule(this, this.endLimit);
  }

  /** End now: the generator was told to stop. */
  finish(now: number): void {
    if (!this.outcome) this.close(now);
  }

  /** Last resort after stop's grace: release the descriptor now. */
  destroy(): void {
    this.socket?.destroy();
  }

  wake(now: number): void {
    if (this.outcome) {
      if (this.socket && now >= this.closeDeadline) this.socket.destroy();
      else if (this.socket) this.context.wheel.schedule(this, this.closeDeadline);
      return;
    }
    if (this.phase !== 'streaming') {
      if (now >= this.deadline) {
        const connecting = this.phase === 'connecting';
        const { connectTimeoutMs, handshakeTimeoutMs } = this.recipe.plan;
        return this.drop(
          classifyDeadline(this.phase, connecting ? 'connect' : 'ack'),
          deadlineDetail(this.phase, connecting ? connectTimeoutMs : handshakeTimeoutMs),
        );
      }
      if (now >= this.endLimit) return this.close(now);
      this.context.wheel.schedule(this, Math.min(this.deadline, this.endLimit));
      return;
    }
    const plan = this.recipe.plan;
    if (this.pongDeadline > 0 && now >= this.pongDeadline) {
      return this.drop(
        'pong_timeout',
        `no PONG for HEARTBEAT ${this.heartbeatSequence} within ${plan.pongTimeoutMs} ms`,
      );
    }
    const stallAt = this.lastBatchAt + this.recipe.stallMs;
    if (now >= stallAt)
      return this.drop('data_stall', `no DATA_BATCH for ${this.recipe.stallMs} ms`);
    const endAt = Math.min(this.endAt, this.endLimit);
    // A HEARTBEAT still waiting for its PONG holds the close until the PONG is in (or its
    // deadline passes): the server writes that PONG, and written after a proxy has turned
    // our FIN into a full close (Toxiproxy does), it comes back as a reset that the server
    // rightly counts as a drop. No client hangs up on a request it is still waiting for.
    const ending = now >= endAt;
    if (ending && this.pongDeadline === 0) {
      // Its own lifetime is up (not a stop or ramp-down): close in the quiet right after a
      // batch. A close through a proxy while the server is writing arrives as a reset
      // (Toxiproxy closes its upstream socket with the batch unread), a drop no client saw.
      const own = now >= this.endAt && now < this.endLimit;
      if (own && this.quietCloseBy === 0 && this.recipe.quietCloseWaitMs > 0)
        this.quietCloseBy = now + this.recipe.quietCloseWaitMs;
      if (!own || this.quietCloseBy === 0 || now >= this.quietCloseBy) return this.close(now);
    }
    // Heartbeats go on while it waits for its quiet moment: the server's timeout still runs.
    const heartbeating = !ending || this.quietCloseBy > 0;
    if (heartbeating && now >= this.nextHeartbeatAt) this.sendHeartbeat(now);
    const pongAt = this.pongDeadline > 0 ? this.pongDeadline : Infinity;
    const quietAt = this.quietCloseBy > 0 ? this.quietCloseBy : Infinity;
    const lifeAt = ending ? Math.min(quietAt, this.endLimit) : endAt;
    const beatAt = heartbeating ? this.nextHeartbeatAt : Infinity;
    this.context.wheel.schedule(this, Math.min(stallAt, lifeAt, beatAt, pongAt));
  }

  // ---- socket events (called through the shared listeners below) ----

  connected(): void {
    if (this.outcome) return; // stopped while connecting: the FIN is already queued
    this.phase = 'authenticating';
    this.deadline = Date.now() + this.recipe.plan.handshakeTimeoutMs;
    this.socket!.setNoDelay(true);
    this.socket!.write(this.recipe.authFrame);
    this.context.wheel.schedule(this, this.deadline);
  }

  received(chunk: Buffer): void {
    if (this.outcome) return; // after our FIN, whatever still arrives is drained unread
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      return this.drop('protocol_error', (error as Error).message);
    }
    for (const frame of frames) {
      this.handleFrame(frame);
      if (this.outcome) return;
    }
  }

  peerEnded(): void {
    if (!this.outcome) this.drop(classifyPeerClose(this.phase), 'the server closed the connection');
  }

  failed(error: NodeJS.ErrnoException): void {
    if (!this.outcome) this.drop(classifySocketError(this.phase, error.code), error.message);
  }

  closed(): void {
    if (!this.outcome) this.drop(classifyPeerClose(this.phase), 'the connection closed');
    this.socket = null;
    this.context.wheel.cancel(this);
    this.context.released(this);
  }

  // ---- protocol ----

  private handleFrame(frame: Frame): void {
    try {
      switch (frame.type) {
        case MessageType.DATA_BATCH:
          return this.batchReceived(frame.payload);
        case MessageType.PONG:
          return this.pongReceived(frame.payload);
        case MessageType.ACK:
          return this.ackReceived(frame.payload);
        case MessageType.ERROR: {
          const error = ErrorResponse.decode(frame.payload);
          return this.drop(classifyServerError(error.code), error.message);
        }
        default:
          return this.drop(
            'protocol_error',
            `unexpected message type ${frame.type} from the server`,
          );
      }
    } catch (error) {
      this.drop(
        'protocol_error',
        `undecodable payload of type ${frame.type}: ${(error as Error).message}`,
      );
    }
  }

  private ackReceived(payload: Buffer): void {
    const ack = AckResponse.decode(payload);
    const now = Date.now();
    if (this.phase === 'authenticating') {
      if (ack.ackType !== MessageType.AUTH || !ack.success) {
        return this.drop(
          'auth_failed',
          `AUTH answered by ACK type ${ack.ackType} success ${ack.success}`,
        );
      }
      this.phase = 'subscribing';
      this.servedSincePerf = performance.now();
      this.authAckAt = now;
      this.deadline = now + this.recipe.plan.handshakeTimeoutMs;
      this.socket!.write(this.recipe.subscribeFrame);
      this.context.wheel.schedule(this, this.deadline);
      return;
    }
    if (this.phase !== 'subscribing' || ack.ackType !== MessageType.SUBSCRIBE || !ack.success) {
      return this.drop(
        'protocol_error',
        `unexpected ACK type ${ack.ackType} success ${ack.success} while ${this.phase}`,
      );
    }
    this.phase = 'streaming';
    this.handshakeSeconds = (performance.now() - this.startedPerf) / 1000;
    this.context.metrics.handshake.observe(this.handshakeSeconds);
    this.lastBatchAt = now;
    this.endAt = now + this.lifetimeMs;
    this.nextHeartbeatAt = firstHeartbeatAt(now, this.authAckAt, this.recipe.plan);
    this.context.subscribed(this);
    this.context.wheel.schedule(
      this,
      Math.min(this.endAt, this.endLimit, this.nextHeartbeatAt, now + this.recipe.stallMs),
    );
  }

  private batchReceived(payload: Buffer): void {
    if (this.phase !== 'streaming') {
      return this.drop(
        'protocol_error',
        `DATA_BATCH before the SUBSCRIBE ACK (while ${this.phase})`,
      );
    }
    const batch = readBatchSummary(payload);
    const order = batchOrder(this.lastSequence, batch.batchSequence);
    if (order.kind === 'out_of_order') return this.drop('protocol_error', order.detail);
    if (order.kind === 'gap') this.context.sequenceGap();
    if (order.kind === 'first') this.context.firstBatch(this);
    this.lastSequence = batch.batchSequence;
    const now = Date.now();
    this.lastBatchAt = now;
    if (batch.batchTimestampMs > 0) {
      this.context.metrics.tickLag.observe(Math.max(0, now - batch.batchTimestampMs) / 1000);
    }
    // The lifetime is up and this is the quiet after a batch: close now.
    if (this.quietCloseBy > 0 && this.pongDeadline === 0) this.close(now);
  }

  private pongReceived(payload: Buffer): void {
    const pong = HeartbeatResponse.decode(payload);
    if (this.pongDeadline === 0 || pong.sequence !== this.heartbeatSequence) return; // late or unasked
    this.pongDeadline = 0;
    this.context.metrics.pongRtt.observe((performance.now() - this.heartbeatSentPerf) / 1000);
    // The lifetime ran out while this PONG was awaited: close now that it is in.
    const now = Date.now();
    if (now >= Math.min(this.endAt, this.endLimit)) this.close(now);
  }

  private sendHeartbeat(now: number): void {
    const plan = this.recipe.plan;
    this.heartbeatSequence++;
    this.heartbeatSentPerf = performance.now();
    this.pongDeadline = now + plan.pongTimeoutMs;
    this.nextHeartbeatAt = nextHeartbeatAt(now, plan);
    const payload = HeartbeatRequest.encode({ timestampMs: now, sequence: this.heartbeatSequence });
    this.socket!.write(encodeFrame(MessageType.HEARTBEAT, payload));
  }

  // ---- endings ----

  /** The client's own close: `completed` once its lifetime is up, `interrupted` before. */
  private close(now: number): void {
    const lived = this.phase === 'streaming' && now >= this.endAt;
    this.settle({ kind: lived ? 'completed' : 'interrupted' });
    // A FIN, not a reset: the server must see the client close, or it counts a drop.
    this.socket?.end();
    this.closeDeadline = now + CLOSE_GRACE_MS;
    this.context.wheel.schedule(this, this.closeDeadline);
  }

  private drop(reason: DropReason, detail: string): void {
    this.settle({ kind: 'dropped', reason, detail });
    this.socket?.destroy();
  }

  private settle(outcome: SessionOutcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    const { metrics } = this.context;
    metrics.active.dec();
    if (outcome.kind === 'completed') metrics.completed.inc();
    else if (outcome.kind === 'interrupted') metrics.interrupted.inc();
    else metrics.drop(outcome.reason);
    this.context.settled(this);
    this.driver.sessionSettled(this);
  }
}

// Shared listeners: `this` is the socket, which carries its session.
function onConnect(this: SessionSocket): void {
  this[kSession].connected();
}
function onData(this: SessionSocket, chunk: Buffer): void {
  this[kSession].received(chunk);
}
function onEnd(this: SessionSocket): void {
  this[kSession].peerEnded();
}
function onError(this: SessionSocket, error: NodeJS.ErrnoException): void {
  this[kSession].failed(error);
}
function onClose(this: SessionSocket): void {
  this[kSession].closed();
}
