// A child's nofile limits read from /proc and its soft limit lowered with prlimit
// (lowering needs no privilege), for the tests that take a target to its fd wall.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function nofile(pid: number): { soft: number; hard: number } {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line.slice('Max open files'.length).trim().split(/\s+/);
  return { soft: Number(soft), hard: Number(hard) };
}

export function setSoftNofile(pid: number, soft: number): void {
  const { hard } = nofile(pid);
  execFileSync('prlimit', ['--pid', String(pid), `--nofile=${soft}:${hard}`]);
}
