// One source address gives ~28,000 ephemeral ports (32768–60999) towards one target,
// and connections the client closes sit in TIME_WAIT on it. Loopback is all of
// 127.0.0.0/8, so connections to a loopback target are spread over 127.0.0.2….

import { isIPv4 } from 'node:net';

export const DEFAULT_SOURCE_ADDRESSES = 16;

/** Source addresses for connections to `host`: none unless it is a literal 127.x.y.z. */
export function sourceAddressesFor(host: string, count = DEFAULT_SOURCE_ADDRESSES): string[] {
  if (!isIPv4(host) || !host.startsWith('127.')) return [];
  return Array.from(
    { length: count },
    (_, i) => `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`,
  );
}
