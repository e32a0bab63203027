// What a scenario asks to do to the system, as a fault (`inject`) or a remediation
// (`remediate`): the same kind of thing, an action with apply and a recorded undo. Each
// kind's spec is inferred from its own schema (src/faults/kinds/); a user's kind adds
// its own through the scenario's `faults`.

import type { AnyFaultKind, SpecOf } from '../faults/fault-kind.js';
import type { BuiltInActionSpec } from '../faults/kinds/registry.js';

export type ActionSpec = BuiltInActionSpec;

/** A spec for a built-in kind or for one of the scenario's own kinds. */
export type ActionSpecWith<Faults extends readonly AnyFaultKind[]> =
  BuiltInActionSpec | SpecOf<Faults[number]>;
