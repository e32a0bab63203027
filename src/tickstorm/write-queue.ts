// The published server's bounded per-connection write queue with a write deadline, on
// top of Node's socket buffer. A frame counts as queued while its bytes sit in Node's
// buffer (the kernel has not taken them); a full queue, or a head frame the kernel has
// not taken within the deadline, marks a slow client.

import type { Socket } from 'node:net';

export interface WritableSocket {
  write(data: Uint8Array): boolean;
  /** Bytes handed to write() that the kernel has not taken yet (Node updates it synchronously). */
  readonly writableLength: number;
}

export class WriteQueue {
  /** Bytes ever handed to write(). */
  private written = 0;
  /** For each frame still in Node's buffer: where it ends in the byte stream, and when it was queued. */
  private readonly ends: number[] = [];
  private readonly queuedAt: number[] = [];
  /** When the frame now at the head started waiting: Go's deadline is per write. */
  private headSince = 0;

  constructor(
    private readonly socket: WritableSocket | Socket,
    private readonly maxFrames: number,
    private readonly onWritten: (latencyMs: number) => void,
  ) {}

  /** Queues a frame; false when the queue is full (the caller drops the slow client). */
  push(frame: Uint8Array, now = performance.now()): boolean {
    this.settle(now);
    if (this.ends.length >= this.maxFrames) return false;
    this.written += frame.length;
    this.socket.write(frame);
    if (this.socket.writableLength === 0) {
      this.onWritten(0); // the kernel took it at once: the usual case for a healthy client
    } else {
      if (this.ends.length === 0) this.headSince = now;
      this.ends.push(this.written);
      this.queuedAt.push(now);
    }
    return true;
  }

  /** True when the head frame has waited for the kernel longer than `deadlineMs`. */
  overdue(now: number, deadlineMs: number): boolean {
    this.settle(now);
    return this.ends.length > 0 && now - this.headSince > deadlineMs;
  }

  /** Frames waiting for the kernel. */
  get length(): number {
    return this.ends.length;
  }

  /** Retires the frames the kernel has taken since the last look. */
  private settle(now: number): void {
    const taken = this.written - this.socket.writableLength;
    while (this.ends.length > 0 && this.ends[0]! <= taken) {
      this.ends.shift();
      this.onWritten(now - this.queuedAt.shift()!);
      this.headSince = now;
    }
  }
}
