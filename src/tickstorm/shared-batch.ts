// One DATA_BATCH written to thousands of connections: the ticks and timestamp are
// encoded and checksummed once; each connection only appends its own batch_sequence
// (field 3; protobuf fields may come in any order) and finishes the CRC over that tail.

import { crc32c } from './crc32c.js';
import { HEADER_SIZE, MAGIC, MessageType, PROTOCOL_VERSION, TRAILER_SIZE } from './frame.js';
import { DataBatch, type Tick } from './messages.js';

const SEQUENCE_TAG = (3 << 3) | 0; // field 3, varint

interface Prefix {
  bytes: Buffer;
  crc: number;
}

export class SharedBatch {
  readonly payload: Uint8Array;
  /** Header+payload prefixes by the varint length of the sequence (it changes the frame length). */
  private readonly prefixes: (Prefix | undefined)[] = [];

  constructor(
    readonly ticks: Tick[],
    readonly batchTimestampMs: number,
  ) {
    this.payload = DataBatch.encode({ ticks, batchTimestampMs });
  }

  /** The whole frame for one connection's `sequence` (uint32). */
  frameFor(sequence: number): Buffer {
    const seq = sequence >>> 0;
    const size = varintSize(seq);
    const prefix = this.prefixFor(size);
    const frame = Buffer.allocUnsafe(prefix.bytes.length + 1 + size + TRAILER_SIZE);
    prefix.bytes.copy(frame, 0);
    let offset = prefix.bytes.length;
    frame[offset++] = SEQUENCE_TAG;
    let rest = seq;
    while (rest >= 0x80) {
      frame[offset++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    frame[offset++] = rest;
    frame.writeUInt32BE(crc32c(frame, prefix.bytes.length, offset, prefix.crc), offset);
    return frame;
  }

  private prefixFor(varintBytes: number): Prefix {
    let prefix = this.prefixes[varintBytes];
    if (!prefix) {
      const bytes = Buffer.allocUnsafe(HEADER_SIZE + this.payload.length);
      bytes.writeUInt16BE(MAGIC, 0);
      bytes[2] = PROTOCOL_VERSION;
      bytes[3] = MessageType.DATA_BATCH;
      bytes.writeUInt32BE(this.payload.length + 1 + varintBytes, 4);
      bytes.set(this.payload, HEADER_SIZE);
      prefix = { bytes, crc: crc32c(bytes) };
      this.prefixes[varintBytes] = prefix;
    }
    return prefix;
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value >>>= 7;
    size++;
  }
  return size;
}
