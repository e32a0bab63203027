// File-descriptor limits of a process we started, read from /proc and changed with
// `prlimit --pid`. Lowering or raising the *soft* limit up to the hard limit needs no
// privilege, which is why the fd-exhaustion drill works for ordinary users.

import { readdirSync } from 'node:fs';
import { readNofileOf } from '../proc/nofile-limit.js';
import { identityFromParams, isSameProcessAlive } from '../stack/process/proc-identity.js';
import { runCommand } from '../proc/run-command.js';
import type { Undoer } from './undoer.js';

export interface NofileLimit {
  soft: number;
  hard: number;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

export function readNofile(pid: number): NofileLimit {
  // prlimit takes a number: unlimited is the largest it can be given.
  const { soft, hard } = readNofileOf(pid);
  const finite = (value: number) => (Number.isFinite(value) ? value : UNLIMITED);
  return { soft: finite(soft), hard: finite(hard) };
}

export function countOpenFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export async function setSoftNofile(pid: number, soft: number, hard: number): Promise<void> {
  await runCommand('prlimit', [`--pid`, String(pid), `--nofile=${soft}:${hard}`]);
  const now = readNofile(pid);
  if (now.soft !== soft) {
    throw new Error(
      `prlimit reported success but pid ${pid}'s soft nofile limit is ${now.soft}, not ${soft}`,
    );
  }
}

export const undoNofile: Undoer = async (params) => {
  const identity = identityFromParams(params);
  const previous = Number(params.previousSoft);
  if (!isSameProcessAlive(identity))
    return `pid ${identity.pid} has exited; its limit went with it`;
  const { hard } = readNofile(identity.pid);
  await setSoftNofile(identity.pid, Math.min(previous, hard), hard);
  return `restored pid ${identity.pid}'s soft nofile limit to ${previous}`;
};
