// The runbook's memory remediation, first half: raise the ceiling (4 GiB). The second
// half, GOGC and the restart, is a restart-target action beside it in the scenario.

import { existsSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { formatBytes, parseGoBytes } from '../../tickstorm/go-units.js';
import { ActionUnavailableError, type Action } from '../action.js';
import { memoryLimit, setMemoryLimit, type MemoryCgroup } from '../cgroup-memory.js';
import { defineFault, type Spec } from '../fault-kind.js';
import { ownCgroupPath } from '../ownership.js';
import { containerState, setContainerMemory } from '../../stack/containers/docker-cli.js';
// The container-memory entry it writes is undone by the memory-pressure kind's undoer.
import { CONTAINER_MEMORY_KEY, MEMORY_CGROUP_KEY } from './memory-keys.js';
import { memorySize } from './memory-size.js';

const options = z.object({ ceiling: memorySize });

/** Raise the memory ceiling the memory-pressure fault set (the runbook: 4 GiB). */
export type MemoryCeilingAction = Spec<'memory-ceiling', typeof options>;

export const memoryCeilingFault = defineFault({
  type: 'memory-ceiling',
  summary: 'raise the memory ceiling a memory-pressure fault set',
  options,
  create: memoryCeilingAction,
  needs: { process: true },
  ledgerKinds: {
    'memory-limit': {
      undo: undoMemoryLimit,
      ownership: (params, runId) =>
        ownCgroupPath(
          typeof params.file === 'string' ? params.file : undefined,
          runId,
          /^memory\.(limit_in_bytes|max)$/,
        ),
    },
  },
});

function memoryCeilingAction(spec: MemoryCeilingAction): Action {
  return {
    kind: 'memory-ceiling',
    intent: `raise the memory ceiling to ${spec.ceiling}`,
    async apply(context) {
      const ceiling = parseGoBytes(spec.ceiling);
      if (!ceiling)
        throw new ActionUnavailableError(`ceiling "${spec.ceiling}" is not a size like 4GiB`);
      const container = context.shared.get(CONTAINER_MEMORY_KEY) as string | undefined;
      if (container) {
        const state = await containerState(container);
        if (!state) throw new ActionUnavailableError(`the target's container ${container} is gone`);
        context.ledger.record(
          'container-memory',
          { container, previousMemory: state.memory, previousSwap: state.memorySwap },
          `restore ${container}'s memory limit to ${state.memory}`,
        );
        await setContainerMemory(container, ceiling);
        return {
          kind: 'memory-ceiling',
          summary: `raised the container's memory limit from ${formatBytes(state.memory)} to ${formatBytes(ceiling)}`,
          how: `docker update --memory ${ceiling} --memory-swap ${ceiling} ${container} (was ${state.memory})`,
          details: { ceiling, previous: state.memory, applied: true, container },
        };
      }
      const group = context.shared.get(MEMORY_CGROUP_KEY) as MemoryCgroup | undefined;
      if (!group) {
        return {
          kind: 'memory-ceiling',
          summary: `no cgroup ceiling to raise (the fault used a memory budget); the restart's GOMEMLIMIT carries the new ceiling`,
          how: 'no change: the memory fault did not create a cgroup on this machine',
          details: { ceiling, applied: false },
        };
      }
      const previous = memoryLimit(group);
      const file = `${group.dir}/${group.version === 1 ? 'memory.limit_in_bytes' : 'memory.max'}`;
      context.ledger.record(
        'memory-limit',
        { file, previous: Number.isFinite(previous) ? String(previous) : 'max' },
        `restore ${file} to ${previous}`,
      );
      setMemoryLimit(group, ceiling);
      return {
        kind: 'memory-ceiling',
        summary: `raised the memory ceiling from ${formatBytes(previous)} to ${formatBytes(ceiling)}`,
        how: `${file}=${ceiling} (was ${previous})`,
        details: { ceiling, previous, applied: true },
      };
    },
  };
}

async function undoMemoryLimit(params: Record<string, unknown>): Promise<string> {
  const file = String(params.file);
  if (!existsSync(file)) return `${file} is gone with its cgroup`;
  // A ledger names the file; only a memory limit file of a cgroup is ever ours to write.
  if (!/^\/sys\/fs\/cgroup\/.*\/tickstorm-chaos-[^/]+\/memory\.(limit_in_bytes|max)$/.test(file)) {
    throw new Error(
      `refusing to write ${file}: not the memory limit of a cgroup this framework creates`,
    );
  }
  try {
    writeFileSync(file, String(params.previous));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
    // Restoring a lower limit than the group now uses (the fault's, after the remediation
    // raised it) fails when the kernel cannot reclaim the difference. The group is this
    // framework's own, and an older entry of the same ledger removes it, limit and all.
    return `left ${file} above ${params.previous}: the group uses more than that now (EBUSY), and it is removed with the drill's cgroup`;
  }
  return `restored ${file} to ${params.previous}`;
}
