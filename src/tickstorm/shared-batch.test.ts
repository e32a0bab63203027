import { describe, expect, it } from 'vitest';
import { FrameDecoder, MessageType, encodeFrame } from './frame.js';
import { DataBatch, type Tick } from './messages.js';
import { SharedBatch } from './shared-batch.js';

const tick: Tick = {
  symbol: 'AAPL',
  timestampMs: 1_700_000_000_000,
  price: 189.5,
  volume: 12,
  bid: 189.49,
  ask: 189.51,
  bidSize: 300,
  askSize: 500,
  mode: 1,
  metadata: {},
};

describe('SharedBatch', () => {
  it('writes a valid DATA_BATCH frame for every sequence size', () => {
    const batch = new SharedBatch([tick, { ...tick, symbol: 'MSFT' }], 1_700_000_000_005);
    for (const sequence of [1, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28, 2 ** 32 - 1]) {
      const frame = batch.frameFor(sequence);
      const [decoded] = new FrameDecoder().push(frame); // checks the CRC
      expect(decoded!.type).toBe(MessageType.DATA_BATCH);
      const message = DataBatch.decode(decoded!.payload);
      expect(message.batchSequence).toBe(sequence);
      expect(message.batchTimestampMs).toBe(1_700_000_000_005);
      expect(message.ticks.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT']);
      expect(message.ticks[0]).toMatchObject({
        price: 189.5,
        bid: 189.49,
        ask: 189.51,
        bidSize: 300,
      });
    }
  });

  it('is byte-for-byte a frame of the same message encoded in full', () => {
    const batch = new SharedBatch([tick], 5);
    const whole = DataBatch.decode(new FrameDecoder().push(batch.frameFor(300))[0]!.payload);
    const reference = encodeFrame(MessageType.DATA_BATCH, DataBatch.encode(whole));
    expect(DataBatch.decode(new FrameDecoder().push(reference)[0]!.payload)).toEqual(whole);
    expect(batch.frameFor(300).length).toBe(reference.length);
  });
});
