// How many drills run at once: --parallel, or the machine's default (memory,
// descriptors, cores), said once on stderr when more than one drill runs.

import { defaultParallel, thisMachine } from '../engine/parallel-drills.js';
import { raiseNofileLimit } from '../load/nofile.js';

/** --parallel, or the machine's default, said once when more than one drill runs. */
export function drillsAtOnce(given: number | undefined, drills: number): number {
  if (drills <= 1) return 1;
  if (given !== undefined) {
    process.stderr.write(
      `chaos: ${Math.min(given, drills)} drill(s) at once (--parallel ${given})\n`,
    );
    return given;
  }
  const { n, why } = defaultParallel(drills, thisMachine(raiseNofileLimit().soft));
  process.stderr.write(`chaos: ${n} drill(s) at once, chosen from ${why}; --parallel N sets it\n`);
  return n;
}
