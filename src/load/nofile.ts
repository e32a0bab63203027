// Each session holds a descriptor, so the generator raises its own soft nofile limit to
// the hard limit at start. Node has no setrlimit: prlimit(1) does it on our own pid,
// and /proc/self/limits says whether it took.

import { execFileSync } from 'node:child_process';
import { readNofileOf } from '../proc/nofile-limit.js';

export interface NofileLimit {
  soft: number;
  hard: number;
  /** What went wrong when the soft limit could not be raised to the hard one. */
  problem?: string;
}

const readOwnNofile = () => readNofileOf('self');

export function raiseNofileLimit(): NofileLimit {
  let limits: { soft: number; hard: number };
  try {
    limits = readOwnNofile();
  } catch (error) {
    return {
      soft: NaN,
      hard: NaN,
      problem: `could not read the nofile limit: ${(error as Error).message}`,
    };
  }
  if (limits.soft >= limits.hard) return limits;
  const hard = Number.isFinite(limits.hard) ? String(limits.hard) : 'unlimited';
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${hard}:${hard}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 5_000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    return {
      ...limits,
      problem: `prlimit could not raise the soft nofile limit to ${hard}: ${stderr || (error as Error).message}`,
    };
  }
  const after = readOwnNofile();
  return after.soft >= after.hard
    ? after
    : { ...after, problem: `prlimit ran but the soft nofile limit is still ${after.soft}` };
}
