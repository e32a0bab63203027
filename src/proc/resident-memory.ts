// A process's resident memory (VmRSS), for the memory fault: its budget fallback and the
// reading of its effect on the target.

import { readFileSync } from 'node:fs';

/** Bytes resident, or null when the process cannot be read. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
