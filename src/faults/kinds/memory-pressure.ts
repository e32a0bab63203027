// memory-pressure: hold the target near its memory ceiling while the load continues.
// Where this machine lets us write cgroups: a cgroup of the drill's own with the
// ceiling as its limit, the target moved in, and a memory hog filling it past the
// guard's 90 % line (a restarted target follows it back in). Elsewhere: a restart of
// the target with a memory budget below its resident memory. The report says which.

import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Check } from '../../stack/part-checks.js';
import { identityParams } from '../../stack/process/proc-identity.js';
import { formatBytes, parseGoBytes } from '../../tickstorm/go-units.js';
import {
  ActionUnavailableError,
  type Action,
  type ActionContext,
  type AppliedAction,
} from '../action.js';
import {
  containerState,
  ownContainerProblem,
  setContainerMemory,
} from '../../stack/containers/docker-cli.js';
import {
  containerMemoryUsage,
  containerProcessProblem,
  startContainerHog,
  undoContainerMemory,
  undoContainerProcess,
} from '../container-memory.js';
import {
  createMemoryCgroup,
  hasMemoryLimit,
  memoryCgroupOf,
  memoryUsage,
  moveIntoCgroup,
  oomKills,
  removeEmptyCgroup,
  setMemoryLimit,
  undoMemoryCgroup,
  type MemoryCgroup,
} from '../cgroup-memory.js';
import { undoProcess } from '../end-process.js';
import { defineFault, type Spec } from '../fault-kind.js';
import { startMemoryHog } from '../memory-hog.js';
import { ownCgroupPath, processProblem } from '../ownership.js';
import { memorySize } from './memory-size.js';
import { residentBytes } from '../../proc/resident-memory.js';
import { CONTAINER_MEMORY_KEY, MEMORY_CGROUP_KEY } from './memory-keys.js';
import { memoryPressureEffect } from './memory-pressure-effect.js';

const options = z.object({
  /** The ceiling, Go size syntax like "512MiB" (what a container limit would be). */
  ceiling: memorySize,
  /** Fraction of the ceiling to fill, 0.9..0.99 (default 0.92). */
  fill: z.number().min(0.9).max(0.99).optional(),
});

/**
 * Hold the target near its memory ceiling: a cgroup memory limit on the target plus a
 * co-located memory hog filling it to `fill` (past the guard's 90 %); where cgroups
 * are not writable, a restart with a memory budget below its resident memory.
 */
export type MemoryPressureAction = Spec<'memory-pressure', typeof options>;

export const memoryPressureFault = defineFault({
  type: 'memory-pressure',
  summary: 'hold the target near a memory ceiling (a cgroup limit and a memory hog)',
  options,
  create: memoryPressureAction,
  needs: { process: true },
  effect: memoryPressureEffect,
  ledgerKinds: {
    cgroup: {
      undo: undoMemoryCgroup,
      ownership: (params, runId) => ownCgroupPath(stringAt(params, 'dir'), runId, null),
    },
    // A process that is part of the fault ends with the fault, before the stack.
    'fault-process': { undo: undoProcess, ownership: (params) => processProblem(params) },
    'container-memory': {
      undo: undoContainerMemory,
      ownership: (params, runId) => ownContainerProblem(params.container, runId),
    },
    'container-process': {
      undo: undoContainerProcess,
      ownership: (params, runId) =>
        ownContainerProblem(params.container, runId) ?? containerProcessProblem(params),
    },
  },
  doctor: () => [cgroupMemoryCheck()],
  explainTargetDeath: (shared) => {
    const group = shared.get(MEMORY_CGROUP_KEY) as MemoryCgroup | undefined;
    if (!group) return null;
    try {
      const kills = oomKills(group);
      return kills > 0
        ? `the kernel OOM-killed ${kills} process${kills > 1 ? 'es' : ''} in cgroup ${group.dir} (memory limit reached)`
        : `no OOM kill recorded in cgroup ${group.dir}`;
    } catch {
      return null;
    }
  },
});

function stringAt(params: Record<string, unknown>, key: string): string | undefined {
  return typeof params[key] === 'string' ? (params[key] as string) : undefined;
}

function memoryPressureAction(spec: MemoryPressureAction): Action {
  const fill = spec.fill ?? 0.92;
  return {
    kind: 'memory-pressure',
    intent: `hold the target at ${Math.round(fill * 100)} % of a ${spec.ceiling} memory ceiling`,
    async apply(context) {
      const container = context.stack.target.container;
      if (container) return applyInContainer(spec, fill, context, container.name);
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

/** In a container: its own memory limit is the ceiling, and the hog runs beside the target in it. */
async function applyInContainer(
  spec: MemoryPressureAction,
  fill: number,
  context: ActionContext,
  container: string,
): Promise<AppliedAction> {
  const ceiling = parseGoBytes(spec.ceiling);
  if (!ceiling)
    throw new ActionUnavailableError(`ceiling "${spec.ceiling}" is not a size like 512MiB`);
  const state = await containerState(container);
  if (!state) throw new ActionUnavailableError(`the target's container ${container} is gone`);
  context.ledger.record(
    'container-memory',
    { container, previousMemory: state.memory, previousSwap: state.memorySwap },
    `restore ${container}'s memory limit`,
  );
  await setContainerMemory(container, ceiling);
  context.shared.set(CONTAINER_MEMORY_KEY, container);
  const before = await containerMemoryUsage(container);
  const hogBytes = Math.max(0, Math.round(fill * ceiling - before.bytes));
  const hold = { usageFile: before.file, ceiling };
  const hog = await startContainerHog(container, hogBytes, hold, (spawned) =>
    context.ledger.record(
      'container-process',
      { container, startedAt: state.startedAt, pid: spawned.pid, command: spawned.command },
      `end the memory hog (pid ${spawned.pid} in ${container})`,
    ),
  );
  const usage = (await containerMemoryUsage(container)).bytes;
  return {
    kind: 'memory-pressure',
    summary: `limited the target's container to ${formatBytes(ceiling)} and holds it at ${Math.round((usage / ceiling) * 100)} % with a memory hog inside it`,
    how: `docker update --memory ${ceiling} --memory-swap ${ceiling} ${container} (was ${state.memory > 0 ? formatBytes(state.memory) : 'no limit'}); docker exec ${container} ${hog.command} (pid ${hog.pid} in the container) holds up to ${formatBytes(hogBytes)}, giving memory back above 95 % of the ceiling and taking it again below the fill; usage ${formatBytes(usage)} of ${formatBytes(ceiling)}`,
    details: {
      mechanism: 'container-limit',
      container,
      ceiling,
      hogBytes,
      hogPid: hog.pid,
      usage,
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
  const budget = Math.max(16 * 2 ** 20, Math.round((residentBytes(pid) ?? 0) / 2));
  const after = await target.restart({ GOMEMLIMIT: `${Math.floor(budget / 2 ** 20)}MiB` });
  return {
    kind: 'memory-pressure',
    summary: `restarted the target with a memory budget of ${formatBytes(budget)}, below its resident memory (no cgroup: ${why})`,
    how: `fell back because ${why}: SIGTERM to pid ${pid}, started pid ${after.pid} with GOMEMLIMIT=${Math.floor(budget / 2 ** 20)}MiB`,
    details: { mechanism: 'budget-restart', reason: why, budget, before: pid, after: after.pid },
  };
}

function cgroupMemoryCheck(): Check {
  const name = 'fault cgroup memory limit';
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const base = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
  const hasMemory = v2
    ? readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').split(/\s+/).includes('memory')
    : existsSync(`${base}/memory.limit_in_bytes`);
  if (!hasMemory) {
    return {
      name,
      ok: false,
      detail: 'no memory cgroup controller is mounted',
      fix: 'mount the cgroup memory controller',
      required: false,
    };
  }
  try {
    accessSync(base, constants.W_OK);
  } catch {
    return {
      name,
      ok: false,
      detail: `cgroup ${v2 ? 'v2' : 'v1'} memory is mounted at ${base} but this user cannot create groups there`,
      fix: 'run as root, or delegate a cgroup subtree to this user',
      required: false,
    };
  }
  return {
    name,
    ok: true,
    detail: `cgroup ${v2 ? 'v2' : 'v1'} memory controller at ${base}, writable`,
    required: false,
  };
}
