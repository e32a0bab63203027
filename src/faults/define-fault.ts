// The public API for fault kinds of the user's own, beside defineScenario: a module
// `faults/<type>.ts` next to a scenario default-exports `defineFault({...})`, and the
// scenario lists it in `faults`. zod is re-exported so the options schema is built with
// the same zod the framework validates with.

export { z } from 'zod';
export { ActionUnavailableError } from './action.js';
export type { Action, ActionContext, AppliedAction } from './action.js';
export { defineFault } from './fault-kind.js';
export type { FaultKind, LedgerKind } from './fault-kind.js';
export { faultProcessKind, startFaultProcess } from './fault-process.js';
export { netnsExec } from './netns.js';
export { runCommand } from '../proc/run-command.js';
