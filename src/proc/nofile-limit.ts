// The "Max open files" row of /proc/<pid>/limits, read in one place: the load generator,
// the faults, the first-minutes checks and the reference target all need it.

import { readFileSync } from 'node:fs';

export interface NofileLimit {
  /** Infinity when unlimited. */
  soft: number;
  hard: number;
}

/** The row of a /proc/<pid>/limits text, or undefined when it has none. */
export function parseNofile(limitsText: string): NofileLimit | undefined {
  const row = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limitsText);
  if (!row) return undefined;
  const value = (text: string) => (text === 'unlimited' ? Infinity : Number(text));
  const [soft, hard] = [value(row[1]!), value(row[2]!)];
  return Number.isNaN(soft) || Number.isNaN(hard) ? undefined : { soft, hard };
}

/** The limits of `pid` (or this process); throws naming the file when it has no such row. */
export function readNofileOf(pid: number | 'self'): NofileLimit {
  const file = `/proc/${pid}/limits`;
  const limits = parseNofile(readFileSync(file, 'utf8'));
  if (!limits) throw new Error(`${file} has no "Max open files" row`);
  return limits;
}
