import { describe, expect, it } from 'vitest';
import { DataBatch } from '../../tickstorm/messages.js';
import { readBatchSummary } from './batch-reader.js';

describe('readBatchSummary', () => {
  it('reads sequence, timestamp, snapshot flag and tick count of an encoded DataBatch', () => {
    const payload = DataBatch.encode({
      ticks: [
        { symbol: 'AAPL', timestampMs: 1_700_000_000_123, price: 1.5, metadata: { a: 'b' } },
        { symbol: 'MSFT', price: 2 },
      ],
      batchTimestampMs: 1_700_000_000_456,
      batchSequence: 4_000_000_000,
      isSnapshot: true,
    });
    expect(readBatchSummary(payload)).toEqual({
      batchTimestampMs: 1_700_000_000_456,
      batchSequence: 4_000_000_000,
      isSnapshot: true,
      ticks: 2,
    });
  });

  it('reads an empty batch as sequence 0 with no ticks', () => {
    expect(readBatchSummary(new Uint8Array(0))).toEqual({
      batchTimestampMs: 0,
      batchSequence: 0,
      isSnapshot: false,
      ticks: 0,
    });
  });

  it('throws on a truncated tick and on a field of the wrong wire type', () => {
    const payload = DataBatch.encode({ ticks: [{ symbol: 'AAPL' }], batchSequence: 1 });
    expect(() => readBatchSummary(payload.subarray(0, 3))).toThrow();
    expect(() => readBatchSummary(Uint8Array.from([(3 << 3) | 2, 1, 0]))).toThrow(
      /field 3 has wire type 2/,
    );
    expect(() => readBatchSummary(Uint8Array.from([0xff]))).toThrow();
  });
});
