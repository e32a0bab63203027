import { describe, expect, it } from 'vitest';
import { plainNumber } from './plain-number.js';

describe('plainNumber', () => {
  it('reads plain decimals', () => {
    expect(plainNumber('10', true)).toBe(10);
    expect(plainNumber('-3', true)).toBe(-3);
    expect(plainNumber('0.25', false)).toBe(0.25);
  });

  it('refuses what only JavaScript reads as a number', () => {
    for (const text of ['1e1', '0x10', 'Infinity', ' 7', '', '1.', '.5', '+1', '0b1', '1_000'])
      expect(plainNumber(text, false), text).toBeNull();
    expect(plainNumber('1.5', true)).toBeNull();
  });
});
