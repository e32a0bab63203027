// How many drills run at once, and running them so. A drill spends most of its time
// waiting on the rule's own windows, so the limit is what each one holds (a Prometheus,
// an Alertmanager, a Toxiproxy, a target and its clients: memory and descriptors), not
// cores; the default is chosen from the machine and printed with its reasons.

import { availableParallelism, freemem } from 'node:os';

/** What one drill holds at most, measured on the ci profile with headroom. */
const MEMORY_PER_DRILL = 768 * 1024 * 1024;
const FDS_PER_DRILL = 2_000;
/** Per core: the load generators and Prometheus's rule evaluations still need some CPU. */
const DRILLS_PER_CORE = 3;

export interface Machine {
  cores: number;
  freeBytes: number;
  /** This process's soft nofile limit (the clients' descriptors count against it). */
  nofile: number;
}

export function thisMachine(nofile: number): Machine {
  return { cores: availableParallelism(), freeBytes: freemem(), nofile };
}

/** The default number of drills at once for this machine, and why, in one line. */
export function defaultParallel(drills: number, machine: Machine): { n: number; why: string } {
  const byMemory = Math.floor(machine.freeBytes / MEMORY_PER_DRILL);
  const byFds = Math.floor(machine.nofile / FDS_PER_DRILL);
  const byCores = machine.cores * DRILLS_PER_CORE;
  const n = Math.max(1, Math.min(drills, byMemory, byFds, byCores));
  const gib = (machine.freeBytes / 1024 ** 3).toFixed(1);
  return {
    n,
    why: `${machine.cores} cores (${byCores} drills), ${gib} GiB free memory (${byMemory}), nofile ${machine.nofile} (${byFds}), ${drills} drill(s) to run`,
  };
}

/** Runs `task` over `items`, at most `limit` at once, results in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  stopped: () => boolean = () => false,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stopped()) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  // Every lane ends before any failure is passed on: a drill that throws must not leave
  // its siblings mid-drill, their rollback unrun, while the process exits.
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane),
  );
  const failed = lanes.find((settled) => settled.status === 'rejected');
  if (failed) throw failed.reason;
  // A stopped run leaves holes for the drills it never started.
  return results.filter((result) => result !== undefined);
}
