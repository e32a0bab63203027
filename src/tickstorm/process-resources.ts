// What the resource guard measures, read from /proc and the cgroup filesystem. The
// parsers are pure so they can be tested on captured text; the readers are async so
// listing 20k entries of /proc/self/fd never stalls the event loop.

import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseNofile } from '../proc/nofile-limit.js';

/** Soft "Max open files" from /proc/<pid>/limits; null when unlimited or absent. */
export function parseNofileSoftLimit(limitsText: string): number | null {
  const soft = parseNofile(limitsText)?.soft;
  return soft !== undefined && Number.isFinite(soft) ? soft : null;
}

export interface CgroupMemoryFiles {
  version: 1 | 2;
  usageFile: string;
  limitFile: string;
}

/**
 * Finds this process's memory cgroup files from /proc/self/cgroup and /proc/self/mountinfo:
 * v1 `memory.usage_in_bytes`/`memory.limit_in_bytes`, or v2 `memory.current`/`memory.max`.
 * `exists` is injected so tests can describe a filesystem.
 */
export function findCgroupMemoryFiles(
  cgroupText: string,
  mountinfoText: string,
  exists: (path: string) => boolean = existsSync,
): CgroupMemoryFiles | null {
  const cgroups = cgroupText
    .split('\n')
    .map((line) => /^(\d+):([^:]*):(.*)$/.exec(line.trim()))
    .filter((m) => m !== null);
  const mounts = mountinfoText
    .split('\n')
    .map((line) => {
      const [before, after] = line.split(' - ');
      const fields = before?.split(' ') ?? [];
      const [fsType, , superOptions] = after?.split(' ') ?? [];
      return { root: fields[3] ?? '', mountPoint: fields[4] ?? '', fsType, superOptions };
    })
    .filter((m) => m.mountPoint !== '');

  const v1Path = cgroups.find((m) => m[2]!.split(',').includes('memory'))?.[3];
  const v1Mount = mounts.find(
    (m) => m.fsType === 'cgroup' && (m.superOptions ?? '').split(',').includes('memory'),
  );
  if (v1Path !== undefined && v1Mount) {
    for (const dir of cgroupDirs(v1Mount, v1Path)) {
      const limitFile = join(dir, 'memory.limit_in_bytes');
      if (exists(limitFile)) {
        return { version: 1, limitFile, usageFile: join(dir, 'memory.usage_in_bytes') };
      }
    }
  }
  const v2Path = cgroups.find((m) => m[1] === '0' && m[2] === '')?.[3];
  const v2Mount = mounts.find((m) => m.fsType === 'cgroup2');
  if (v2Path !== undefined && v2Mount) {
    for (const dir of cgroupDirs(v2Mount, v2Path)) {
      const limitFile = join(dir, 'memory.max');
      if (exists(limitFile))
        return { version: 2, limitFile, usageFile: join(dir, 'memory.current') };
    }
  }
  return null;
}

// Inside a cgroup namespace the path may already be relative to the mount's root.
function cgroupDirs(mount: { root: string; mountPoint: string }, path: string): string[] {
  const relative = path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
  return [join(mount.mountPoint, relative), mount.mountPoint];
}

/** A v1 "unlimited" is 2^63 rounded to a page; v2 says `max`. Both mean no limit. */
export function parseCgroupLimit(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const bytes = Number(trimmed);
  return bytes >= 2 ** 60 ? null : bytes;
}

export interface ResourceReadings {
  openFds: number;
  nofileSoftLimit: number | null;
  rssBytes: number;
  cgroupMemory: { usage: number; limit: number } | null;
}

export type ReadResources = () => Promise<ResourceReadings>;

/**
 * Readers for this process. The cgroup is looked up again whenever /proc/self/cgroup
 * changes: a drill may move a running target into a memory cgroup of its own.
 */
export async function processResourceReader(): Promise<ReadResources> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => null);
  let lastCgroupText = '';
  let cgroupFiles: CgroupMemoryFiles | null = null;
  const locateCgroup = async () => {
    const text = await readFile('/proc/self/cgroup', 'utf8').catch(() => '');
    if (text !== lastCgroupText) {
      lastCgroupText = text;
      cgroupFiles = mountinfo && text ? findCgroupMemoryFiles(text, mountinfo) : null;
    }
    return cgroupFiles;
  };

  return async () => {
    const files = await locateCgroup();
    const [fdEntries, limits, cgroupMemory] = await Promise.all([
      readdir('/proc/self/fd'),
      readFile('/proc/self/limits', 'utf8'),
      files ? readCgroupMemory(files) : null,
    ]);
    return {
      // readdir holds one descriptor of its own on the directory while it lists it.
      openFds: Math.max(0, fdEntries.length - 1),
      nofileSoftLimit: parseNofileSoftLimit(limits),
      rssBytes: process.memoryUsage.rss(),
      cgroupMemory,
    };
  };
}

async function readCgroupMemory(files: CgroupMemoryFiles) {
  try {
    const [usage, limit] = await Promise.all([
      readFile(files.usageFile, 'utf8'),
      readFile(files.limitFile, 'utf8'),
    ]);
    const limitBytes = parseCgroupLimit(limit);
    return limitBytes === null ? null : { usage: Number(usage.trim()), limit: limitBytes };
  } catch {
    return null;
  }
}
