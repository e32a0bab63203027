import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PAYLOAD, FrameDecoder, MessageType, encodeFrame } from './frame.js';
import { FrameError } from './frame-errors.js';

function errorOf(fn: () => unknown): FrameError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FrameError) return error;
    throw error;
  }
  throw new Error('expected a FrameError');
}

describe('encodeFrame', () => {
  it('lays out header, payload and CRC32C trailer big-endian', () => {
    const frame = encodeFrame(MessageType.HEARTBEAT, Buffer.from([0x08, 0x01]));
    expect([...frame.subarray(0, 8)]).toEqual([0xf5, 0x7d, 0x01, 0x03, 0, 0, 0, 2]);
    expect([...frame.subarray(8, 10)]).toEqual([0x08, 0x01]);
    expect(frame.length).toBe(14);
  });

  it('makes a 12-byte frame for an empty payload', () => {
    expect(encodeFrame(MessageType.ACK).length).toBe(12);
  });
});

describe('FrameDecoder', () => {
  const frames = [
    encodeFrame(MessageType.AUTH, Buffer.from('first')),
    encodeFrame(MessageType.SUBSCRIBE, Buffer.alloc(0)),
    encodeFrame(MessageType.DATA_BATCH, Buffer.alloc(3000, 7)),
  ];
  const stream = Buffer.concat(frames);

  it('returns every frame when many arrive in one read', () => {
    const out = new FrameDecoder().push(stream);
    expect(out.map((f) => f.type)).toEqual([1, 2, 4]);
    expect(out[0]!.payload.toString()).toBe('first');
    expect(out[2]!.payload.length).toBe(3000);
  });

  it('reassembles frames split at every possible byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut += 7) {
      const decoder = new FrameDecoder();
      const out = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      expect(out.map((f) => f.type)).toEqual([1, 2, 4]);
      expect(decoder.pending).toBe(0);
    }
  });

  it('reassembles a stream fed one byte at a time', () => {
    const decoder = new FrameDecoder();
    const out = [];
    for (const byte of stream) out.push(...decoder.push(Buffer.from([byte])));
    expect(out.map((f) => f.payload.length)).toEqual([5, 0, 3000]);
  });

  it('rejects a bad magic', () => {
    const bad = Buffer.from(frames[0]!);
    bad[0] = 0x00;
    expect(errorOf(() => new FrameDecoder().push(bad)).code).toBe('BAD_MAGIC');
  });

  it('rejects an unsupported version', () => {
    const bad = Buffer.from(frames[0]!);
    bad[2] = 2;
    expect(errorOf(() => new FrameDecoder().push(bad)).code).toBe('UNSUPPORTED_VERSION');
  });

  it('rejects a CRC mismatch, whether the payload or the trailer is corrupted', () => {
    const payloadFlip = Buffer.from(frames[0]!);
    payloadFlip[9]! ^= 0x01;
    expect(errorOf(() => new FrameDecoder().push(payloadFlip)).code).toBe('CRC_MISMATCH');
    const trailerFlip = Buffer.from(frames[0]!);
    trailerFlip[trailerFlip.length - 1]! ^= 0x80;
    expect(errorOf(() => new FrameDecoder().push(trailerFlip)).code).toBe('CRC_MISMATCH');
  });

  it('rejects an oversize payload from the header alone, before it is buffered', () => {
    const header = Buffer.from([0xf5, 0x7d, 0x01, 0x04, 0, 0, 0, 0]);
    header.writeUInt32BE(DEFAULT_MAX_PAYLOAD + 1, 4);
    expect(errorOf(() => new FrameDecoder().push(header)).code).toBe('PAYLOAD_TOO_LARGE');
    const exact = encodeFrame(MessageType.DATA_BATCH, Buffer.alloc(DEFAULT_MAX_PAYLOAD));
    expect(new FrameDecoder().push(exact)).toHaveLength(1);
  });

  it('honours a configured payload limit', () => {
    expect(errorOf(() => new FrameDecoder(16).push(frames[2]!)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reports a truncated frame when the stream ends mid-frame', () => {
    const decoder = new FrameDecoder();
    decoder.push(frames[2]!.subarray(0, 100));
    expect(errorOf(() => decoder.end()).code).toBe('TRUNCATED_FRAME');
    const clean = new FrameDecoder();
    clean.push(frames[0]!);
    expect(() => clean.end()).not.toThrow();
  });
});
