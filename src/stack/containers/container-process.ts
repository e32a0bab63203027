// The target's process in its container, as this machine sees it: where the engine runs
// on this kernel (a local dockerd, not a VM), the container's main process is a process
// here too, and faults that act on a process (prlimit, /proc/<pid>/fd) can act on it.
// Proven by its /proc/<pid>/cgroup naming the container's full id, so a pid that means
// something else on this machine (an engine in a VM) is never taken for it.

import { readFileSync } from 'node:fs';
import { identify, type ProcessIdentity } from '../process/proc-identity.js';

export function containerProcess(
  containerId: string,
  pid: number | undefined,
): ProcessIdentity | null {
  if (!pid || pid <= 1) return null;
  let cgroup: string;
  try {
    cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  } catch {
    return null;
  }
  return cgroup.includes(containerId) ? identify(pid) : null;
}
