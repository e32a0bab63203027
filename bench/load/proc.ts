// What the bench reads about a process from /proc: resident memory, CPU time, limits.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readNofileOf } from '../../src/proc/nofile-limit.js';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export function rssBytes(pid: number): number {
  const row = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return row ? Number(row[1]) * 1024 : NaN;
}

/** User + system CPU time of the process so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / CLOCK_TICKS;
}

export function nofile(pid: number): { soft: number; hard: number } {
  return readNofileOf(pid);
}

/** Raises the soft nofile limit of a child we started to its hard limit (prlimit). */
export function raiseSoftNofile(pid: number): { soft: number; hard: number; problem?: string } {
  const { hard } = nofile(pid);
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${hard}:${hard}`], {
      stdio: 'pipe',
      timeout: 5_000,
    });
  } catch (error) {
    return {
      ...nofile(pid),
      problem: String((error as { stderr?: Buffer }).stderr ?? error).trim(),
    };
  }
  return nofile(pid);
}
