// The published resource guard: file descriptors, memory and connections against their
// limits, warning at 80 %, critical at 90 %; while anything is critical, new connections
// are accepted and closed at once. /proc is sampled on an interval; between samples the
// fd count is estimated (+1 per accept, −1 per close) so a burst cannot overshoot.

import type { DropReason } from './drop-reasons.js';
import type { ReadResources, ResourceReadings } from './process-resources.js';

export const GUARD_WARNING = 0.8;
export const GUARD_CRITICAL = 0.9;
/** The published guard's fd limit: a constant, whatever the process's own limit is. */
export const PUBLISHED_FD_LIMIT = 65_536;
/** The published guard's memory limit, compared with its Go heap: a constant, not GOMEMLIMIT or the cgroup's. */
export const PUBLISHED_MEMORY_LIMIT = 2 ** 30;

export type GuardStatus = 'ok' | 'warning' | 'critical';
export type GuardResource = 'fds' | 'memory' | 'cgroup_memory' | 'connections';

export interface ResourceState {
  value: number;
  limit: number;
  percent: number;
  status: GuardStatus;
}

export interface GuardState {
  status: GuardStatus;
  resources: Partial<Record<GuardResource, ResourceState>>;
  /** ms since the epoch of the last /proc sample; 0 before the first. */
  sampledAtMs: number;
  sampleError: string | null;
}

const dropReasonOf: Record<GuardResource, DropReason> = {
  fds: 'guard_fd',
  memory: 'guard_memory',
  cgroup_memory: 'guard_memory',
  connections: 'guard_connections',
};

export class ResourceGuard {
  private readings: ResourceReadings | null = null;
  private heapUsed = 0;
  private fdEstimate = 0;
  private sampledAtMs = 0;
  private sampleError: string | null = null;
  private sampling: Promise<void> | null = null;

  constructor(
    private readonly read: ReadResources,
    private readonly limits: {
      memoryBudgetBytes: number | null;
      maxConnections: number;
      /** Compare fds with this instead of the soft nofile limit (the published guard); null: the real limit. */
      fixedFdLimit?: number | null;
      /** Compare this heap reading with PUBLISHED_MEMORY_LIMIT instead of RSS with the budget and the cgroup (the published guard). */
      fixedMemory?: { heapUsed: () => number } | null;
    },
    private readonly activeConnections: () => number,
  ) {}

  /** Re-reads /proc; a sample already in flight is shared, not doubled. */
  sample(): Promise<void> {
    this.sampling ??= this.read()
      .then((readings) => {
        this.readings = readings;
        this.fdEstimate = readings.openFds;
        if (this.limits.fixedMemory) this.heapUsed = this.limits.fixedMemory.heapUsed();
        this.sampleError = null;
      })
      .catch((error: NodeJS.ErrnoException) => {
        // Listing /proc/self/fd needs a descriptor: EMFILE here means we are at the wall, and
        // the limit last read is stale (it cannot be re-read), so the open count is the limit.
        if ((error.code === 'EMFILE' || error.code === 'ENFILE') && this.readings) {
          this.readings = { ...this.readings, nofileSoftLimit: Math.max(1, this.fdEstimate) };
        }
        this.sampleError = `${error.code ?? 'error'}: ${error.message}`;
      })
      .finally(() => {
        this.sampledAtMs = Date.now();
        this.sampling = null;
      });
    return this.sampling;
  }

  fdOpened(): void {
    this.fdEstimate++;
  }

  fdClosed(): void {
    this.fdEstimate = Math.max(0, this.fdEstimate - 1);
  }

  /** Null when a new connection may stay; otherwise the drop reason naming the resource. */
  rejectReason(): DropReason | null {
    const resources = this.resources();
    for (const name of Object.keys(resources) as GuardResource[]) {
      if (resources[name]!.status === 'critical') return dropReasonOf[name];
    }
    return null;
  }

  state(): GuardState {
    const resources = this.resources();
    const statuses = Object.values(resources).map((r) => r.status);
    const status = statuses.includes('critical')
      ? 'critical'
      : statuses.includes('warning')
        ? 'warning'
        : 'ok';
    return { status, resources, sampledAtMs: this.sampledAtMs, sampleError: this.sampleError };
  }

  private resources(): Partial<Record<GuardResource, ResourceState>> {
    const resources: Partial<Record<GuardResource, ResourceState>> = {};
    const soft = this.limits.fixedFdLimit ?? this.readings?.nofileSoftLimit;
    if (soft) resources.fds = resourceState(this.fdEstimate, soft);
    if (this.limits.fixedMemory) {
      if (this.readings) resources.memory = resourceState(this.heapUsed, PUBLISHED_MEMORY_LIMIT);
    } else {
      if (this.readings && this.limits.memoryBudgetBytes !== null) {
        resources.memory = resourceState(this.readings.rssBytes, this.limits.memoryBudgetBytes);
      }
      const cgroup = this.readings?.cgroupMemory;
      if (cgroup) resources.cgroup_memory = resourceState(cgroup.usage, cgroup.limit);
    }
    resources.connections = resourceState(this.activeConnections(), this.limits.maxConnections);
    return resources;
  }
}

export function resourceState(value: number, limit: number): ResourceState {
  const ratio = limit > 0 ? value / limit : 1;
  const status = ratio >= GUARD_CRITICAL ? 'critical' : ratio >= GUARD_WARNING ? 'warning' : 'ok';
  return { value, limit, percent: Math.round(ratio * 1000) / 10, status };
}
