// TickStorm framing: 8-byte header (magic F5 7D, version 1, type, uint32 length),
// payload, then CRC32C over header+payload. All integers big-endian.

import { crc32c } from './crc32c.js';
import {
  BadMagicError,
  CrcMismatchError,
  PayloadTooLargeError,
  TruncatedFrameError,
  UnsupportedVersionError,
} from './frame-errors.js';

export const MAGIC = 0xf57d;
export const PROTOCOL_VERSION = 1;
export const HEADER_SIZE = 8;
export const TRAILER_SIZE = 4;
export const DEFAULT_MAX_PAYLOAD = 64 * 1024;

export const MessageType = {
  UNSPECIFIED: 0,
  AUTH: 1,
  SUBSCRIBE: 2,
  HEARTBEAT: 3,
  DATA_BATCH: 4,
  ERROR: 5,
  ACK: 6,
  PONG: 7,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export interface Frame {
  type: number;
  payload: Buffer;
}

export function encodeFrame(type: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_SIZE + payload.length + TRAILER_SIZE);
  frame.writeUInt16BE(MAGIC, 0);
  frame[2] = PROTOCOL_VERSION;
  frame[3] = type;
  frame.writeUInt32BE(payload.length, 4);
  frame.set(payload, HEADER_SIZE);
  const end = HEADER_SIZE + payload.length;
  frame.writeUInt32BE(crc32c(frame, 0, end), end);
  return frame;
}

/**
 * Streaming decoder: feed it whatever the socket delivers; it returns every whole
 * frame and keeps the remainder. A header error is raised as soon as the header is
 * visible, before the payload arrives, so a peer cannot make us buffer 4 GiB.
 */
const EMPTY = Buffer.alloc(0);

export class FrameDecoder {
  private buffered: Buffer = EMPTY;

  /**
   * `retain: false` for a reader that decodes each payload before its next read (the
   * virtual clients): payloads are then views of the read buffer, not copies.
   */
  constructor(
    private readonly maxPayload = DEFAULT_MAX_PAYLOAD,
    private readonly retain = true,
  ) {}

  push(chunk: Buffer): Frame[] {
    const data = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    let offset = 0;
    while (data.length - offset >= HEADER_SIZE) {
      const length = this.checkHeader(data, offset);
      const total = HEADER_SIZE + length + TRAILER_SIZE;
      if (data.length - offset < total) break;
      const end = offset + HEADER_SIZE + length;
      const sent = data.readUInt32BE(end);
      const computed = crc32c(data, offset, end);
      if (sent !== computed) throw new CrcMismatchError(computed, sent);
      // A retained frame gets a copy, so it does not pin the whole read buffer.
      const payload = data.subarray(offset + HEADER_SIZE, end);
      frames.push({
        type: data[offset + 3]!,
        payload: this.retain ? Buffer.from(payload) : payload,
      });
      offset += total;
    }
    this.buffered = offset === data.length ? EMPTY : Buffer.from(data.subarray(offset));
    return frames;
  }

  /** Bytes held back waiting for the rest of a frame. */
  get pending(): number {
    return this.buffered.length;
  }

  /** Call when the stream ends: a partial frame left over is an error. */
  end(): void {
    if (this.buffered.length > 0) throw new TruncatedFrameError(this.buffered.length);
  }

  private checkHeader(data: Buffer, offset: number): number {
    const magic = data.readUInt16BE(offset);
    if (magic !== MAGIC) throw new BadMagicError(magic);
    const version = data[offset + 2]!;
    if (version !== PROTOCOL_VERSION) throw new UnsupportedVersionError(version);
    const length = data.readUInt32BE(offset + 4);
    if (length > this.maxPayload) throw new PayloadTooLargeError(length, this.maxPayload);
    return length;
  }
}
