import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.js';

// A bit-at-a-time reference, independent of the table code under test.
function slowCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('matches the published check value', () => {
    expect(crc32c(Buffer.from('123456789', 'ascii'))).toBe(0xe3069283);
  });

  it('matches known vectors (RFC 3720 B.4)', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('agrees with a bitwise reference at every length and offset', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let len = 0; len < 40; len++) {
      for (const start of [0, 1, 5]) {
        const slice = data.subarray(start, start + len);
        expect(crc32c(data, start, start + len)).toBe(slowCrc32c(slice));
      }
    }
    expect(crc32c(data)).toBe(slowCrc32c(data));
  });

  it('continues a checksum over a split input', () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 3) & 0xff);
    for (const cut of [0, 1, 8, 13, 99, 100]) {
      expect(crc32c(data, cut, data.length, crc32c(data, 0, cut))).toBe(crc32c(data));
    }
  });
});
