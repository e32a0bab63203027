// memory-pressure: hold the target near its memory ceiling while the load continues.
// Where this machine lets us write cgroups: a cgroup of the drill's own with the
// ceiling as its limit, the target moved in, and a memory hog filling it past the
// guard's 90 % line (a restarted target follows it back in). Elsewhere: a restart of
// the target with a memory budget below its resident memory. The report says which.

import { readFileSync } from 'node:fs';
import type { MemoryPressureAction } from '../scenario/action-spec.js';
import { formatBytes, parseGoBytes } from '../tickstorm/go-units.js';
import {
  ActionUnavailableError,
  type Action,
  type ActionContext,
  type AppliedAction,
} from './action.js';
import {
  createMemoryCgroup,
  hasMemoryLimit,
  removeEmptyCgroup,
  memoryCgroupOf,
  memoryUsage,
  moveIntoCgroup,
  setMemoryLimit,
  type MemoryCgroup,
} from './cgroup-memory.js';
import { startMemoryHog } from './memory-hog.js';
import { identityParams } from '../stack/process/proc-identity.js';

/** Where the fault's cgroup is kept for the remediation that raises its ceiling. */
export const MEMORY_CGROUP_KEY = 'memory-pressure.cgroup';

function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

export function memoryPressureAction(spec: MemoryPressureAction): Action {
  const fill = spec.fill ?? 0.92;
  return {
    kind: 'memory-pressure',
    intent: `hold the target at ${Math.round(fill * 100)} % of a ${spec.ceiling} memory ceiling`,
    async apply(context) {
      const target = context.stack.target.process();
      if (!target)
        throw new ActionUnavailableError(
          'memory pressure needs the target process on this machine',
        );
      const ceiling = parseGoBytes(spec.ceiling);
      if (!ceiling)
        throw new ActionUnavailableError(`ceiling "${spec.ceiling}" is not a size like 512MiB`);
      const parent = memoryCgroupOf(target.pid);
      if ('unavailable' in parent) return fallBack(context, target.pid, parent.unavailable);
      let group: MemoryCgroup;
      const name = `tickstorm-chaos-${context.drillId}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
      context.ledger.record(
        'cgroup',
        { dir: `${parent.dir}/${name}`, parent: parent.dir },
        `remove cgroup ${parent.dir}/${name}`,
      );
      try {
        group = createMemoryCgroup(parent, name);
      } catch (error) {
        return fallBack(
          context,
          target.pid,
          `cannot create a cgroup under ${parent.dir}: ${(error as Error).message}`,
        );
      }
      // cgroup v2 gives a child group memory.max only where the parent delegates the controller.
      if (!hasMemoryLimit(group)) {
        removeEmptyCgroup(group);
        return fallBack(
          context,
          target.pid,
          `${parent.dir} does not delegate the memory controller to its children (cgroup.subtree_control)`,
        );
      }
      setMemoryLimit(group, ceiling);
      moveIntoCgroup(group, target.pid);
      // Known from here on, so a target OOM-killed even while the hog fills the group is named as such.
      context.shared.set(MEMORY_CGROUP_KEY, group);
      context.stack.target.onRestart(async (identity) => moveIntoCgroup(group, identity.pid));
      const before = memoryUsage(group);
      const hogBytes = Math.max(0, Math.round(fill * ceiling - before));
      const hog = await startMemoryHog(group, hogBytes, (spawned) =>
        context.ledger.record(
          'fault-process',
          { name: 'memory-hog', ...identityParams(spawned.identity) },
          `end memory-hog (pid ${spawned.pid})`,
        ),
      );
      const usage = memoryUsage(group);
      return {
        kind: 'memory-pressure',
        summary: `limited the target to ${formatBytes(ceiling)} (cgroup v${group.version}) and filled it to ${Math.round((usage / ceiling) * 100)} % with a co-located memory hog`,
        how: `cgroup v${group.version} ${group.dir}: ${group.version === 1 ? 'memory.limit_in_bytes' : 'memory.max'}=${ceiling}; target pid ${target.pid} moved in; memory hog pid ${hog.pid} holds ${formatBytes(hogBytes)}; usage ${formatBytes(usage)} of ${formatBytes(ceiling)}`,
        details: {
          mechanism: 'cgroup',
          version: group.version,
          dir: group.dir,
          ceiling,
          hogBytes,
          hogPid: hog.pid,
          usage,
        },
      };
    },
  };
}

async function fallBack(context: ActionContext, pid: number, why: string): Promise<AppliedAction> {
  const { target } = context.stack;
  if (!target.restart)
    throw new ActionUnavailableError(
      `no cgroup (${why}) and the target cannot be restarted from here`,
    );
  // Half the resident memory: the restarted process is past the guard's line from its first check.
  const budget = Math.max(16 * 2 ** 20, Math.round(residentBytes(pid) / 2));
  const after = await target.restart({ GOMEMLIMIT: `${Math.floor(budget / 2 ** 20)}MiB` });
  return {
    kind: 'memory-pressure',
    summary: `restarted the target with a memory budget of ${formatBytes(budget)}, below its resident memory (no cgroup: ${why})`,
    how: `fell back because ${why}: SIGTERM to pid ${pid}, started pid ${after.pid} with GOMEMLIMIT=${Math.floor(budget / 2 ** 20)}MiB`,
    details: { mechanism: 'budget-restart', reason: why, budget, before: pid, after: after.pid },
  };
}
