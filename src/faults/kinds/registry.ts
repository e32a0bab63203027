// The built-in fault kinds: one line each. Adding a kind is its module and a line here;
// nothing else in the framework names it.

import type { SpecOf } from '../fault-kind.js';
import { memoryCeilingFault } from './memory-ceiling.js';
import { memoryPressureFault } from './memory-pressure.js';
import { nofileFault } from './nofile.js';
import { noneFault } from './none.js';
import { packetLossFault } from './packet-loss.js';
import { reopenListenerFault } from './reopen-listener.js';
import { restartTargetFault } from './restart-target.js';
import { sysctlFault } from './sysctl.js';
import { toxicFault } from './toxic.js';

export const builtInFaultKinds = [
  nofileFault,
  toxicFault,
  noneFault,
  restartTargetFault,
  memoryPressureFault,
  memoryCeilingFault,
  packetLossFault,
  sysctlFault,
  reopenListenerFault,
] as const;

/** What a scenario may ask for in `inject` and `remediate` with the built-in kinds. */
export type BuiltInActionSpec = SpecOf<(typeof builtInFaultKinds)[number]>;
