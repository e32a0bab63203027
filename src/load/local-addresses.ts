// One source address gives ~28,000 ephemeral ports (32768–60999) towards one target.
// Loopback is all of 127.0.0.0/8, so connections to a loopback target can be spread
// over 127.0.0.2…, which lets several worker processes together pass that number.
//
// Spreading binds each socket to its source address before connecting, and then the
// kernel picks the port at bind time, blind to the destination and unable to reuse
// TIME_WAIT ports. Measured here: with ~100,000 sockets in TIME_WAIT, bound connects
// cost ~0.8 ms of CPU each and 4,000 new sessions/s fell to ~800/s, while unbound ones
// (the kernel picks at connect time, reusing TIME_WAIT on loopback) held 4,000/s. One
// process stays under 20,000 descriptors, below one address's ports, so spreading is
// only the default when several worker processes share one target.

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

/** How many source addresses to spread over by default: only for two or more worker processes. */
export function defaultSourceAddressCount(workers: number): number {
  return workers >= 2 ? DEFAULT_SOURCE_ADDRESSES : 0;
}
