// The kernel's count of connections lost before accept in a network namespace: a full
// accept queue (TcpExtListenOverflows) and every SYN or ACK dropped at a listener
// (TcpExtListenDrops). Read through /proc/<pid>/net/netstat, which shows the namespace of
// that process: the target's, wherever it runs. A drop before accept is invisible to the
// server's own counters; this is the evidence that tells it from a drop after.

import { readFileSync } from 'node:fs';

export interface ListenLosses {
  overflows: number;
  drops: number;
}

/** The counters in the namespace of `pid` (this process's own when omitted); null when unreadable. */
export function readListenLosses(pid?: number): ListenLosses | null {
  let text: string;
  try {
    text = readFileSync(
      pid === undefined ? '/proc/net/netstat' : `/proc/${pid}/net/netstat`,
      'utf8',
    );
  } catch {
    return null;
  }
  return parseListenLosses(text);
}

export function parseListenLosses(netstat: string): ListenLosses | null {
  const lines = netstat.split('\n').filter((line) => line.startsWith('TcpExt:'));
  if (lines.length < 2) return null;
  const names = lines[0]!.split(/\s+/).slice(1);
  const values = lines[1]!.split(/\s+/).slice(1).map(Number);
  const at = (name: string) => {
    const i = names.indexOf(name);
    return i >= 0 && Number.isFinite(values[i]) ? values[i]! : null;
  };
  const overflows = at('ListenOverflows');
  const drops = at('ListenDrops');
  return overflows === null || drops === null ? null : { overflows, drops };
}
