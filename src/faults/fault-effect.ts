// What a fault must change on the target, and how the drill reads it while the fault
// holds: a fault applied without its effect proves nothing, and the drill says so rather
// than blame drops that were there before. A kind states its effect in words and gives a
// reading; the engine takes readings while it waits for the alert, and judges the drops
// the fault added over the baseline beside them.

import type { DrillStack } from '../stack/drill-stack.js';
import type { AppliedAction } from './action.js';

export interface EffectContext {
  stack: DrillStack;
  /** State the fault left (its cgroup, its container). */
  shared: ReadonlyMap<string, unknown>;
  /** How the fault was applied (its details: the pid, the limit, the table). */
  applied: AppliedAction;
}

export interface EffectReading {
  /** Whether this reading shows the mechanism engaged; null when it could not tell. */
  engaged: boolean | null;
  /** What was read, in a line: "204 fds open of a soft limit of 208". */
  text: string;
}

export interface FaultEffect {
  /** What the fault must change on the target, in the runbook's words. */
  what: string;
  read(context: EffectContext): Promise<EffectReading>;
}
