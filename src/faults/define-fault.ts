// The public API for fault kinds of the user's own, beside defineScenario: a module
// `faults/<type>.ts` next to a scenario default-exports `defineFault({...})`, and the
// scenario lists it in `faults`. zod is re-exported so the options schema is built with
// the same zod the framework validates with.
//
// A user's kind runs in a fault host, a process of its own (user-kind-host.ts), never in
// the chaos process: what it does there (exit, hang, crash) ends that process, not the
// drill. So its apply's context holds, as data taken when the apply is asked:
// - `ledger.record(kind, params, description)`: synchronous and durable, as always: it
//   returns once the drill's ledger has fsynced the entry, before anything is changed;
// - `stack`: the stack's addresses (Prometheus, Toxiproxy and its proxy, the target's
//   stream, metrics and health addresses, namespaces, containers), `stack.prometheus` and
//   `stack.toxiproxy.client` as fresh clients of the same addresses, and
//   `stack.target.process()` as the target's identity when the apply was asked; the
//   target's restarts and the stack's own controls are the chaos process's only, and
//   throw when called (`stack.target.restart` is null);
// - `drillId`, `allowHostChanges`;
// - `shared`: what earlier actions left there that is JSON; what the kind sets there
//   (as JSON) is handed back to the drill, deletions are not;
// - `log(message)`: a line of the drill's log, as is what the kind prints.
// The same holds for its effect's read. `bounds: { applyMs, undoMs }` (default 60 s and
// 30 s) bound each apply and each ledger entry's undo; past them the host is ended and
// the step is an `error`. A process the kind starts with startFaultProcess outlives its
// host; rollback ends it by its recorded identity. `check`, `settings` and `create` run at
// planning, and must only compute; `doctor` and `explainTargetDeath` are not asked of a
// user's kind.

export { z } from 'zod';
export { ActionUnavailableError } from './action.js';
export type { Action, ActionContext, AppliedAction } from './action.js';
export { defineFault } from './fault-kind.js';
export type { FaultBounds, FaultKind, LedgerKind } from './fault-kind.js';
export { faultProcessKind, startFaultProcess } from './fault-process.js';
export { netnsExec } from './netns.js';
export { runCommand } from '../proc/run-command.js';
