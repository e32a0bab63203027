// Reads what the client checks in every DATA_BATCH (sequence, timestamp, tick count)
// straight off the wire. Each tick is walked and bounds-checked but not turned into an
// object: at 20,000 sessions a second that garbage would cost more than the sockets.

import protobuf from 'protobufjs';
import '../../tickstorm/messages.js'; // configures protobufjs to read int64 as number

export interface BatchSummary {
  batchTimestampMs: number;
  batchSequence: number;
  isSnapshot: boolean;
  ticks: number;
}

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

/** Throws on anything that is not a well-formed DataBatch. */
export function readBatchSummary(payload: Uint8Array): BatchSummary {
  const reader = protobuf.Reader.create(payload);
  const summary: BatchSummary = {
    batchTimestampMs: 0,
    batchSequence: 0,
    isSnapshot: false,
    ticks: 0,
  };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_LENGTH_DELIMITED) {
      const length = reader.uint32();
      if (reader.pos + length > reader.len)
        throw new Error(`tick ${summary.ticks} runs past the payload`);
      reader.skip(length);
      summary.ticks++;
    } else if (field === 2 && wire === WIRE_VARINT) {
      summary.batchTimestampMs = reader.int64() as unknown as number;
    } else if (field === 3 && wire === WIRE_VARINT) {
      summary.batchSequence = reader.uint32();
    } else if (field === 4 && wire === WIRE_VARINT) {
      summary.isSnapshot = reader.bool();
    } else if (field >= 1 && field <= 4) {
      throw new Error(`DataBatch field ${field} has wire type ${wire}`);
    } else {
      reader.skipType(wire); // an unknown field: proto3 readers skip it
    }
  }
  return summary;
}
