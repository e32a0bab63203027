// Which process on this machine listens on a TCP port: the kernel's socket tables
// (/proc/net/tcp and tcp6, in this process's network namespace) give the listening
// socket's inode, and the process holding `socket:[inode]` among its fds is the one. A
// drill follows a target it did not start this way: when the process it was given exits
// and another one serves the same port, that one is the target now.

import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

const LISTEN = '0A';

/** Inodes of the sockets listening on `port` (any address), with their owners' uids. */
export function listeningInodes(
  port: number,
  tables = ['/proc/net/tcp', '/proc/net/tcp6'],
): Map<string, number> {
  const inodes = new Map<string, number>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of tables) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      if (fields[1]!.split(':')[1] === hexPort && fields[9] !== '0')
        inodes.set(fields[9]!, Number(fields[7]));
    }
  }
  return inodes;
}

/**
 * The pid of a process listening on `port` here, or null when none can be found (no
 * listener, or its process belongs to a user whose fds this one cannot read).
 */
export function listeningPid(port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  const wanted = new Set([...inodes.keys()].map((inode) => `socket:[${inode}]`));
  // Only the owners' processes can hold the socket: no need to read every process's fds.
  const owners = new Set(inodes.values());
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!owners.has(statSync(`/proc/${name}`).uid)) continue;
    } catch {
      continue;
    }
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue; // exited, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${name}/fd/${fd}`))) return Number(name);
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}
