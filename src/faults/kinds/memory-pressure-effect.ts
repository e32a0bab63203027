// What holding the target near its memory ceiling must do: press on the target itself,
// not only on the group it sits in. The reading: the group's usage against its ceiling,
// the target's own resident memory, and the OOM kills the kernel recorded. A hog that
// fills the group proves the ceiling is near, not that the target noticed: whether it did
// shows in the drops the fault adds (its guard turning connections away), read beside this.

import type { FaultEffect } from '../fault-effect.js';
import { residentBytes } from '../../proc/resident-memory.js';
import { memoryLimit, memoryUsage, oomKills, type MemoryCgroup } from '../cgroup-memory.js';
import { containerMemoryUsage } from '../container-memory.js';
import { formatBytes } from '../../tickstorm/go-units.js';
import { CONTAINER_MEMORY_KEY, MEMORY_CGROUP_KEY } from './memory-keys.js';

/**
 * Near the ceiling: the hog holds the group at the fill asked (90 % at least), and the
 * kernel's reclaim moves the usage a few percent either way around it.
 */
const NEAR_CEILING = 0.85;

export const memoryPressureEffect: FaultEffect = {
  what: "the target's memory at its ceiling, and its guard or the OOM killer reacting",
  async read({ stack, shared, applied }) {
    const group = shared.get(MEMORY_CGROUP_KEY) as MemoryCgroup | undefined;
    const container = shared.get(CONTAINER_MEMORY_KEY) as string | undefined;
    const ceiling = Number(applied.details.ceiling);
    if (group) {
      const usage = memoryUsage(group);
      const kills = oomKills(group);
      const limit = memoryLimit(group);
      const target = stack.target.process();
      const rss = target ? residentBytes(target.pid) : null;
      return {
        engaged: usage >= NEAR_CEILING * limit || kills > 0,
        text: `its cgroup at ${formatBytes(usage)} of ${formatBytes(limit)} (${Math.round((usage / limit) * 100)} %), the target itself ${rss === null ? 'unread' : formatBytes(rss)} resident, ${kills} OOM kill${kills === 1 ? '' : 's'}`,
      };
    }
    if (container && Number.isFinite(ceiling) && ceiling > 0) {
      const usage = (await containerMemoryUsage(container)).bytes;
      return {
        engaged: usage >= NEAR_CEILING * ceiling,
        text: `its container at ${formatBytes(usage)} of ${formatBytes(ceiling)} (${Math.round((usage / ceiling) * 100)} %)`,
      };
    }
    return {
      engaged: null,
      text: `applied as ${String(applied.details.mechanism ?? 'unknown')}: no ceiling to read`,
    };
  },
};
