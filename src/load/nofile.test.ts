import { describe, expect, it } from 'vitest';
import { parseNofile } from '../proc/nofile-limit.js';

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
