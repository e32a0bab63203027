import { describe, expect, it } from 'vitest';
import { parseNofile } from './nofile.js';
import { sourceAddressesFor } from './local-addresses.js';

describe('parseNofile', () => {
  it('reads soft and hard from /proc/<pid>/limits', () => {
    const text = [
      'Limit                     Soft Limit           Hard Limit           Units',
      'Max processes             95171                95171                processes',
      'Max open files            1024                 20000                files',
    ].join('\n');
    expect(parseNofile(text)).toEqual({ soft: 1024, hard: 20000 });
    expect(parseNofile('Max open files   unlimited   unlimited  files')).toEqual({
      soft: Infinity,
      hard: Infinity,
    });
    expect(parseNofile('nothing here')).toBeUndefined();
  });
});

describe('sourceAddressesFor', () => {
  it('spreads a loopback target over 127.0.0.2 and up, and leaves other targets alone', () => {
    expect(sourceAddressesFor('127.0.0.1', 3)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(sourceAddressesFor('127.0.0.1', 300).at(-1)).toBe('127.0.1.45');
    expect(sourceAddressesFor('localhost')).toEqual([]);
    expect(sourceAddressesFor('10.0.0.1')).toEqual([]);
  });
});
