import { describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_ADDRESSES, sourceAddressesFor } from './local-addresses.js';

describe('sourceAddressesFor', () => {
  it('spreads a loopback target over 127.0.0.2 and up, and leaves other targets alone', () => {
    expect(sourceAddressesFor('127.0.0.1', 3)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(sourceAddressesFor('127.0.0.1', 300).at(-1)).toBe('127.0.1.45');
    expect(sourceAddressesFor('127.0.0.1')).toHaveLength(DEFAULT_SOURCE_ADDRESSES);
    expect(sourceAddressesFor('127.0.0.1', 0)).toEqual([]);
    expect(sourceAddressesFor('localhost')).toEqual([]);
    expect(sourceAddressesFor('10.0.0.1')).toEqual([]);
  });
});
