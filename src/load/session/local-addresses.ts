// One source address gives ~28,000 ephemeral ports (32768–60999) towards one target.
// Loopback is all of 127.0.0.0/8, so connections to a loopback target are spread over
// 127.0.0.2…, binding each socket to its source address before it connects.
//
// Why bound, and why 128: an unbound connect makes the kernel search the port range for
// each connection, which grows with the sockets already open to the destination; bound
// over few addresses, churn stalls once TIME_WAIT holds their ports. 128 addresses keep
// thousands of new sessions a second going with TIME_WAIT at its cap (the README's "Why
// the clients bind 128 source addresses" gives the measurements).

import { isIPv4 } from 'node:net';

export const DEFAULT_SOURCE_ADDRESSES = 128;

/** Source addresses for connections to `host`: none unless it is a literal 127.x.y.z. */
export function sourceAddressesFor(host: string, count = DEFAULT_SOURCE_ADDRESSES): string[] {
  if (!isIPv4(host) || !host.startsWith('127.')) return [];
  return Array.from(
    { length: count },
    (_, i) => `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`,
  );
}
