// A memory cgroup of the drill's own, nested under the target's current cgroup (so
// it stays inside whatever limits the machine already imposes), v1 or v2.

import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Undoer } from './undoer.js';
import { sleep } from '../bounds.js';

export interface MemoryCgroup {
  version: 1 | 2;
  dir: string;
}

const V1_ROOT = '/sys/fs/cgroup/memory';
const V2_ROOT = '/sys/fs/cgroup';

/** The memory cgroup directory `pid` is in, or a reason why there is none to use. */
export function memoryCgroupOf(
  pid: number,
): { version: 1 | 2; dir: string } | { unavailable: string } {
  let lines: string[];
  try {
    lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  } catch (error) {
    return { unavailable: `cannot read /proc/${pid}/cgroup: ${(error as Error).message}` };
  }
  const v1 = lines.map((l) => l.split(':')).find((p) => p[1]?.split(',').includes('memory'));
  if (v1 && existsSync(`${V1_ROOT}/memory.limit_in_bytes`))
    return { version: 1, dir: join(V1_ROOT, v1[2] ?? '/') };
  const v2 = lines.map((l) => l.split(':')).find((p) => p[0] === '0' && p[1] === '');
  if (v2 && existsSync(`${V2_ROOT}/cgroup.controllers`)) {
    const dir = join(V2_ROOT, v2[2] ?? '/');
    const controllers = readFileSync(join(dir, 'cgroup.controllers'), 'utf8');
    if (!controllers.split(/\s+/).includes('memory')) {
      return { unavailable: `the memory controller is not enabled for ${dir} (cgroup v2)` };
    }
    return { version: 2, dir };
  }
  return {
    unavailable: 'no memory cgroup controller is mounted (neither cgroup v1 memory nor cgroup v2)',
  };
}

export function createMemoryCgroup(
  parent: { version: 1 | 2; dir: string },
  name: string,
): MemoryCgroup {
  const dir = join(parent.dir, name);
  mkdirSync(dir);
  return { version: parent.version, dir };
}

const limitFile = (group: MemoryCgroup) =>
  join(group.dir, group.version === 1 ? 'memory.limit_in_bytes' : 'memory.max');
const usageFile = (group: MemoryCgroup) =>
  join(group.dir, group.version === 1 ? 'memory.usage_in_bytes' : 'memory.current');

/** False for a v2 group whose parent does not delegate the memory controller. */
export function hasMemoryLimit(group: MemoryCgroup): boolean {
  return existsSync(limitFile(group));
}

export function removeEmptyCgroup(group: MemoryCgroup): void {
  rmdirSync(group.dir);
}

export function setMemoryLimit(group: MemoryCgroup, bytes: number): void {
  writeFileSync(limitFile(group), String(bytes));
}

export function memoryLimit(group: MemoryCgroup): number {
  const text = readFileSync(limitFile(group), 'utf8').trim();
  return text === 'max' ? Infinity : Number(text);
}

export function memoryUsage(group: MemoryCgroup): number {
  return Number(readFileSync(usageFile(group), 'utf8').trim());
}

export function moveIntoCgroup(group: MemoryCgroup, pid: number): void {
  writeFileSync(join(group.dir, 'cgroup.procs'), String(pid));
}

/** OOM kills the kernel recorded for this group (v1 memory.oom_control, v2 memory.events). */
export function oomKills(group: MemoryCgroup): number {
  const file = join(group.dir, group.version === 1 ? 'memory.oom_control' : 'memory.events');
  const match = /oom_kill (\d+)/.exec(readFileSync(file, 'utf8'));
  return match ? Number(match[1]) : 0;
}

function procsIn(dir: string): number[] {
  return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
}

/** Moves what is left back to the parent group and removes the group. */
export const undoMemoryCgroup: Undoer = async (params) => {
  const dir = String(params.dir);
  const parent = String(params.parent);
  // Only a group this framework creates (named by it, directly under the parent) is ours.
  if (
    !dir.startsWith('/sys/fs/cgroup/') ||
    dirname(dir) !== parent ||
    !basename(dir).startsWith('tickstorm-chaos-')
  ) {
    throw new Error(`refusing to remove cgroup ${dir}: not one this framework creates`);
  }
  if (!existsSync(dir)) return `cgroup ${dir} was already gone`;
  const moved: number[] = [];
  for (const pid of procsIn(dir)) {
    try {
      writeFileSync(join(parent, 'cgroup.procs'), String(pid));
      moved.push(pid);
    } catch {
      // The process exited meanwhile.
    }
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      rmdirSync(dir);
      return `removed cgroup ${dir}${moved.length ? ` (moved pid ${moved.join(', ')} back to ${parent})` : ''}`;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(
    `could not remove cgroup ${dir}: it still holds processes ${procsIn(dir).join(', ')}`,
  );
};
