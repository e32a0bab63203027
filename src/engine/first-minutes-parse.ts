// Pure reading of what the runbook's first minutes look at: /proc and cgroup files, a
// metrics page, Prometheus samples. Kept apart from the I/O so each is tested on text.

import { parseNofile } from '../proc/nofile-limit.js';
import type { Sample } from '../prom/api-types.js';
import { labelsText } from '../prom/labels-text.js';

/** Sample lines (not comments) of a metrics page whose metric name contains `needle`. */
export function metricLinesMatching(page: string, needle: string, max = 60): string[] {
  const lines = page
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && metricName(line).includes(needle));
  return lines.length > max
    ? [...lines.slice(0, max), `… ${lines.length - max} more lines`]
    : lines;
}

function metricName(line: string): string {
  return /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0] ?? '';
}

export interface NofileLimit {
  soft: number | 'unlimited';
  hard: number | 'unlimited';
}

/** The "Max open files" row of /proc/<pid>/limits. */
export function parseNofileLimit(limits: string): NofileLimit | null {
  const row = parseNofile(limits);
  if (!row) return null;
  const value = (n: number) => (Number.isFinite(n) ? n : 'unlimited');
  return { soft: value(row.soft), hard: value(row.hard) };
}

export function describeOpenFds(open: number, limit: NofileLimit): string {
  if (limit.soft === 'unlimited') return `${open} open; the soft limit is unlimited`;
  const share = limit.soft > 0 ? Math.round((open / limit.soft) * 100) : 100;
  return `${open} open of a soft limit of ${limit.soft} (${share} %); hard limit ${limit.hard}`;
}

/** MemAvailable and MemTotal from /proc/meminfo, in bytes. */
export function parseMeminfo(meminfo: string): { available: number; total: number } | null {
  const kib = (key: string) => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo);
    return match ? Number(match[1]) * 1024 : null;
  };
  const available = kib('MemAvailable');
  const total = kib('MemTotal');
  return available === null || total === null ? null : { available, total };
}

export interface CgroupMemoryFiles {
  version: 1 | 2;
  usage: string;
  limit: string;
}

/**
 * Where a process's memory usage and limit live, from /proc/<pid>/cgroup: the unified
 * hierarchy (v2, `0::/path`) when present, else the v1 memory controller's line.
 */
export function cgroupMemoryFiles(
  cgroup: string,
  root = '/sys/fs/cgroup',
): CgroupMemoryFiles | null {
  const lines = cgroup.split('\n').filter((l) => l.trim() !== '');
  const v1 = lines
    .map((l) => /^\d+:([^:]*):(.*)$/.exec(l))
    .find((m) => m && m[1]!.split(',').includes('memory'));
  if (v1) {
    const dir = join(`${root}/memory`, v1[2]!);
    return {
      version: 1,
      usage: `${dir}/memory.usage_in_bytes`,
      limit: `${dir}/memory.limit_in_bytes`,
    };
  }
  const v2 = lines.map((l) => /^0::(.*)$/.exec(l)).find(Boolean);
  if (v2) {
    const dir = join(root, v2[1]!);
    return { version: 2, usage: `${dir}/memory.current`, limit: `${dir}/memory.max` };
  }
  return null;
}

function join(root: string, path: string): string {
  const clean = path.trim().replace(/\/+$/, '');
  return clean === '' || clean === '/'
    ? root
    : `${root}${clean.startsWith('/') ? '' : '/'}${clean}`;
}

// cgroup v1 reports "no limit" as the largest page-aligned 64-bit value.
const V1_NO_LIMIT = 2 ** 62;

export function describeCgroupMemory(usageText: string, limitText: string): string {
  const usage = Number(usageText.trim());
  const limitRaw = limitText.trim();
  if (!Number.isFinite(usage)) return `unreadable usage "${usageText.trim()}"`;
  const limit = limitRaw === 'max' ? Number.POSITIVE_INFINITY : Number(limitRaw);
  if (!Number.isFinite(limit) || limit >= V1_NO_LIMIT)
    return `${formatBytes(usage)} used; no memory limit applies to this cgroup`;
  return `${formatBytes(usage)} used of a ${formatBytes(limit)} limit (${Math.round((usage / limit) * 100)} %)`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Instant-query samples, one line each: `{reason="accept_failed"} 1.25`. */
export function describeSamples(samples: readonly Sample[], unit = ''): string {
  return samples.map((s) => `${labelsText(s.labels)} ${formatValue(s.value)}${unit}`).join('\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(Number(value.toPrecision(4)));
}
