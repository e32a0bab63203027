import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { publishedConnectionFields } from './published-connection-log.js';

describe('publishedConnectionFields', () => {
  it('names the connection as the published logger does: remote address and wrap time in ns', () => {
    const v4 = { remoteAddress: '127.0.0.1', remotePort: 5000, remoteFamily: 'IPv4' } as Socket;
    expect(publishedConnectionFields(v4, 1_700_000_000_123.456)).toBe(
      'connection_id=127.0.0.1:5000-1700000000123456000 remote_addr=127.0.0.1:5000',
    );
    const v6 = { remoteAddress: '::1', remotePort: 6000, remoteFamily: 'IPv6' } as Socket;
    expect(publishedConnectionFields(v6, 1)).toBe(
      'connection_id=[::1]:6000-1000000 remote_addr=[::1]:6000',
    );
  });
});
