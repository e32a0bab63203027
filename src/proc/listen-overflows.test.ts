import { describe, expect, it } from 'vitest';
import { parseListenLosses, readListenLosses } from './listen-overflows.js';

describe('listen losses', () => {
  it('reads the two TcpExt counters by name', () => {
    const text = [
      'TcpExt: SyncookiesSent DelayedACKLost ListenOverflows ListenDrops TCPHPHits',
      'TcpExt: 0 2 17 19 1190',
      'IpExt: InNoRoutes',
      'IpExt: 0',
    ].join('\n');
    expect(parseListenLosses(text)).toEqual({ overflows: 17, drops: 19 });
    expect(parseListenLosses('IpExt: InNoRoutes\nIpExt: 0')).toBeNull();
  });

  it('reads this machine and this process', () => {
    expect(readListenLosses()).toEqual({
      overflows: expect.any(Number),
      drops: expect.any(Number),
    });
    expect(readListenLosses(process.pid)).not.toBeNull();
    expect(readListenLosses(2 ** 30)).toBeNull();
  });
});
