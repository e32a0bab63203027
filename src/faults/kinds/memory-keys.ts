// Where the memory-pressure fault leaves what it made, for the remediation that raises its
// ceiling (memory-ceiling) and for the reading of its effect.

/** The drill's memory cgroup the target was moved into. */
export const MEMORY_CGROUP_KEY = 'memory-pressure.cgroup';
/** The target's container whose memory limit became the ceiling. */
export const CONTAINER_MEMORY_KEY = 'memory-pressure.container';
