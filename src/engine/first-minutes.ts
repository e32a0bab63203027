// The runbook's first minutes, captured when the alert fires: what an on-call engineer
// would look at first, for the target in hand. Every item says how it was obtained and
// is marked unavailable with the reason rather than left out; every call is bounded.

import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { PrometheusClient } from '../prom/client.js';
import { instantSamples } from '../prom/verification.js';
import {
  cgroupMemoryFiles,
  describeCgroupMemory,
  describeOpenFds,
  describeSamples,
  formatBytes,
  metricLinesMatching,
  parseMeminfo,
  parseNofileLimit,
} from './first-minutes-parse.js';
import type { FirstMinutesItem } from '../result/run-result.js';
import { withDeadline } from '../bounds.js';

export type { FirstMinutesItem } from '../result/run-result.js';

export interface FirstMinutesInput {
  /** The target's process on this machine; null for a target we did not start. */
  targetPid: number | null;
  targetMetricsUrl: string;
  targetHealthUrl?: string;
  prometheus: PrometheusClient;
  /** The target profile's queries at the drill's scale (the plan's). */
  queries: {
    /** The server-observed drop rate (percent), as the drill samples it. */
    dropRate: string;
    dropRateByReason: string;
    activeConnections: string;
    medianDuration: string;
  };
  /** Bound on each item; default 5 s. */
  itemBoundMs?: number;
}

/** Why an item could not be obtained; its message is the reason shown. */
class Unavailable extends Error {}

type Probe = () => Promise<string>;

export async function captureFirstMinutes(input: FirstMinutesInput): Promise<FirstMinutesItem[]> {
  const bound = input.itemBoundMs ?? 5000;
  const pid = input.targetPid;
  const needPid = (what: string) => {
    if (pid === null)
      throw new Unavailable(
        `the target is not a process this run started, so its ${what} cannot be read here`,
      );
    return pid;
  };
  const query = async (expr: string, unit: string, empty: string) => {
    const samples = instantSamples(await input.prometheus.query(expr), expr);
    if (samples.length === 0) throw new Unavailable(`the query returned no series (${empty})`);
    return describeSamples(samples, unit);
  };
  const { dropRate, dropRateByReason, activeConnections, medianDuration } = input.queries;
  const socketHow = 'ss -s (or /proc/net/sockstat where ss is missing)';

  const items: [string, string, Probe][] = [
    [
      "the target's connection metrics",
      `GET ${input.targetMetricsUrl}, lines matching connection_`,
      async () => {
        const lines = metricLinesMatching(
          await fetchText(input.targetMetricsUrl, bound),
          'connection_',
        );
        if (lines.length === 0) throw new Unavailable('the metrics page has no connection_ series');
        return lines.join('\n');
      },
    ],
    [
      "the target's health endpoint",
      input.targetHealthUrl ? `GET ${input.targetHealthUrl}` : 'GET <health URL>',
      async () => {
        if (!input.targetHealthUrl) throw new Unavailable('no health URL is known for this target');
        return fetchText(input.targetHealthUrl, bound, true);
      },
    ],
    [
      'active connections',
      activeConnections,
      () => query(activeConnections, '', `no ${activeConnections} series`),
    ],
    [
      'server-observed drop rate',
      dropRate,
      () => query(dropRate, ' %', 'no connections in the window'),
    ],
    [
      'drops by reason',
      dropRateByReason,
      () =>
        query(dropRateByReason, ' per second', 'the target does not break drops down by reason'),
    ],
    [
      'open file descriptors against the nofile limit',
      pid === null
        ? 'ls /proc/<pid>/fd; /proc/<pid>/limits'
        : `ls /proc/${pid}/fd | wc -l; grep 'Max open files' /proc/${pid}/limits`,
      async () => {
        const p = needPid('file descriptors');
        const [fds, limits] = await Promise.all([
          readdir(`/proc/${p}/fd`),
          readFile(`/proc/${p}/limits`, 'utf8'),
        ]);
        const limit = parseNofileLimit(limits);
        if (!limit) throw new Unavailable(`/proc/${p}/limits has no "Max open files" row`);
        return describeOpenFds(fds.length, limit);
      },
    ],
    ['socket summary', socketHow, () => socketSummary(bound)],
    [
      'memory available',
      '/proc/meminfo (MemAvailable of MemTotal)',
      async () => {
        const memory = parseMeminfo(await readFile('/proc/meminfo', 'utf8'));
        if (!memory) throw new Unavailable('/proc/meminfo has no MemAvailable or MemTotal');
        return `${formatBytes(memory.available)} available of ${formatBytes(memory.total)}`;
      },
    ],
    [
      "the target's cgroup memory against its limit",
      pid === null
        ? '/proc/<pid>/cgroup'
        : `/proc/${pid}/cgroup → memory.current and memory.max (v2) or memory.usage_in_bytes and memory.limit_in_bytes (v1)`,
      async () => {
        const p = needPid('cgroup');
        const files = cgroupMemoryFiles(await readFile(`/proc/${p}/cgroup`, 'utf8'));
        if (!files) throw new Unavailable(`/proc/${p}/cgroup names no memory cgroup`);
        const [usage, limit] = await Promise.all([
          readFile(files.usage, 'utf8'),
          readFile(files.limit, 'utf8'),
        ]);
        return `${describeCgroupMemory(usage, limit)} (cgroup v${files.version}: ${files.usage}, ${files.limit})`;
      },
    ],
    [
      'connection duration median',
      medianDuration,
      () => query(medianDuration, ' s', 'no connection ended in the window'),
    ],
  ];

  return Promise.all(
    items.map(async ([title, how, probe]): Promise<FirstMinutesItem> => {
      try {
        return { title, how, available: true, value: await withinBound(probe(), bound, title) };
      } catch (error) {
        return { title, how, available: false, reason: reasonOf(error) };
      }
    }),
  );
}

function reasonOf(error: unknown): string {
  if (error instanceof Unavailable) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  if (code === 'ENOENT') return `not found: ${message}`;
  if (code === 'EACCES' || code === 'EPERM') return `not permitted: ${message}`;
  return message;
}

function withinBound<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return withDeadline(work, ms, () => new Unavailable(`${what} did not answer within ${ms} ms`));
}

async function fetchText(url: string, boundMs: number, withStatus = false): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(boundMs) });
  const body = (await response.text()).trim();
  if (!withStatus && !response.ok) throw new Unavailable(`${url} answered HTTP ${response.status}`);
  const shown = body.length > 4000 ? `${body.slice(0, 4000)}…` : body;
  return withStatus ? `HTTP ${response.status}\n${shown}` : shown;
}

function socketSummary(boundMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ss', ['-s'], { timeout: boundMs }, (error, stdout) => {
      if (!error) return resolve(stdout.trim());
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return reject(error);
      // No ss on this machine: the kernel's own socket counters say most of the same.
      readFile('/proc/net/sockstat', 'utf8').then(
        (text) => resolve(`ss is not installed; /proc/net/sockstat:\n${text.trim()}`),
        reject,
      );
    });
  });
}
