// File-descriptor limits of a process we started, read from /proc and changed with
// `prlimit --pid`. Lowering or raising the *soft* limit up to the hard limit needs no
// privilege, which is why the fd-exhaustion drill works for ordinary users.

import { readdirSync, readFileSync } from 'node:fs';
import { identityFromParams, isSameProcessAlive } from '../stack/process/proc-identity.js';
import { runCommand } from './run-command.js';
import type { Undoer } from './undoer.js';

export interface NofileLimit {
  soft: number;
  hard: number;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

export function readNofile(pid: number): NofileLimit {
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
  if (!line) throw new Error(`no "Max open files" line in /proc/${pid}/limits`);
  const [soft, hard] = line
    .slice('Max open files'.length)
    .trim()
    .split(/\s+/)
    .map((v) => (v === 'unlimited' ? UNLIMITED : Number(v)));
  return { soft: soft!, hard: hard! };
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
