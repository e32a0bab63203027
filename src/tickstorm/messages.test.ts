import { describe, expect, it } from 'vitest';
import {
  AckResponse,
  AuthRequest,
  DataBatch,
  ErrorCode,
  ErrorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  SubscribeRequest,
  SubscriptionMode,
  errorCodeName,
} from './messages.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('TickStorm messages', () => {
  it('encode to the field numbers of PROTOCOL.md (hand-built wire bytes)', () => {
    // field 1 varint 1, field 2 varint 2
    expect(hex(HeartbeatRequest.encode({ timestampMs: 1, sequence: 2 }))).toBe('08011002');
    // field 1 "u", field 2 "p", field 3 "c", field 4 "v" (length-delimited)
    expect(
      hex(AuthRequest.encode({ username: 'u', password: 'p', clientId: 'c', version: 'v' })),
    ).toBe('0a01751201701a0163220176');
    // field 1 enum 12, field 2 "x"
    expect(hex(ErrorResponse.encode({ code: ErrorCode.RATE_LIMITED, message: 'x' }))).toBe(
      '080c120178',
    );
    // DataBatch.batch_sequence is field 3, uint32
    expect(hex(DataBatch.encode({ batchSequence: 300 }))).toBe('18ac02');
  });

  it('round-trip every message with proto3 defaults filled in', () => {
    const now = 1_700_000_000_123;
    expect(
      SubscribeRequest.decode(
        SubscribeRequest.encode({
          mode: SubscriptionMode.SECOND,
          symbols: ['AAPL', 'MSFT'],
          startTimeMs: now,
          metadata: { a: 'b' },
        }),
      ),
    ).toEqual({ mode: 1, symbols: ['AAPL', 'MSFT'], startTimeMs: now, metadata: { a: 'b' } });
    expect(
      HeartbeatResponse.decode(
        HeartbeatResponse.encode({
          clientTimestampMs: now,
          serverTimestampMs: now + 1,
          sequence: 9,
        }),
      ),
    ).toEqual({ clientTimestampMs: now, serverTimestampMs: now + 1, sequence: 9 });
    expect(AckResponse.decode(AckResponse.encode({ ackType: 1, success: true }))).toEqual({
      ackType: 1,
      success: true,
      message: '',
      timestampMs: 0,
      metadata: {},
    });
    const batch = DataBatch.decode(
      DataBatch.encode({
        ticks: [{ symbol: 'AAPL', timestampMs: now, price: 189.5, bidSize: 10, mode: 1 }],
        batchTimestampMs: now,
        batchSequence: 7,
        isSnapshot: false,
      }),
    );
    expect(batch.batchSequence).toBe(7);
    expect(batch.ticks[0]).toMatchObject({ symbol: 'AAPL', price: 189.5, bidSize: 10, ask: 0 });
  });

  it('names error codes, including unknown ones', () => {
    expect(errorCodeName(7)).toBe('HEARTBEAT_TIMEOUT');
    expect(errorCodeName(99)).toBe('UNKNOWN_99');
  });

  it('throws on a payload that is not a valid message', () => {
    expect(() => AuthRequest.decode(Buffer.from([0x0a, 0x05, 0x41]))).toThrow();
  });
});
