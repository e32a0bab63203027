// The fault host: the process a user's fault kind runs in, one per kind module. A process
// boundary is the only thing that contains what a user's code can do to the process it
// runs in (process.exit, an event loop that never returns, a crash, a native abort): the
// chaos process never imports the module, so whatever the kind does, the drill still ends
// with a verdict, a journal and its rollback. The module is imported here with the usual
// trust checks (user-fault-module.ts), then each request of the chaos process is answered
// over IPC (user-kind-protocol.ts). A ledger record is synchronous and durable: written to
// fd 3, then this process blocks until the chaos process has fsynced it and says so, so a
// kind that exits right after recording leaves its entry behind for the rollback. Log
// lines go the same way, unacknowledged, so the last one before an exit still arrives.

import { readSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ActionContext, ActionLedger } from './action.js';
import type { FaultKind } from './fault-kind.js';
import type { LedgerEntry } from './ledger.js';
import { importFaultModule, type FaultModuleRef } from './user-fault-module.js';
import {
  encodeLine,
  LEDGER_FD,
  splitLines,
  type ChaosMessage,
  type ContextData,
  type HostMessage,
  type HostReplies,
  type KindDescription,
  type LedgerAckLine,
} from './user-kind-protocol.js';
import { sharedChanges, stackFromView } from './user-kind-stack.js';

const send = (message: HostMessage) => process.send!(message);
const log = (message: string) => writeSync(LEDGER_FD, encodeLine({ log: message }));

/** Blocks until the chaos process acknowledges: the child's end of a spawn 'pipe' is a blocking socket. */
const durableLedger: ActionLedger = {
  record(kind, params, description): LedgerEntry {
    writeSync(LEDGER_FD, encodeLine({ kind, params, description }));
    const buffer = Buffer.alloc(64 * 1024);
    let text = '';
    // Bounded: an acknowledgement is one line; the chaos process ends this host if it never comes.
    for (let reads = 0; reads < 1024; reads++) {
      const size = readSync(LEDGER_FD, buffer, 0, buffer.length, null);
      if (size === 0) break;
      text += buffer.toString('utf8', 0, size);
      const { lines } = splitLines(text);
      if (lines.length === 0) continue;
      const ack = JSON.parse(lines[0]!) as LedgerAckLine;
      if ('error' in ack)
        throw new Error(`the ledger did not record "${description}": ${ack.error}`);
      return ack.entry;
    }
    throw new Error(`the chaos process closed the ledger before it recorded "${description}"`);
  },
};

function describe(kind: FaultKind): KindDescription {
  return {
    type: kind.type,
    summary: kind.summary,
    ledgerKinds: Object.keys(kind.ledgerKinds ?? {}),
    ...(kind.needs ? { needs: kind.needs } : {}),
    ...(kind.bounds ? { bounds: kind.bounds } : {}),
    ...(kind.effect ? { effect: kind.effect.what } : {}),
    has: {
      check: typeof kind.check === 'function',
      settings: typeof kind.settings === 'function',
      doctor: typeof kind.doctor === 'function',
      explainTargetDeath: typeof kind.explainTargetDeath === 'function',
    },
  };
}

function actionContext(data: ContextData): ActionContext {
  return {
    ledger: durableLedger,
    stack: stackFromView(data.stack),
    drillId: data.drillId,
    shared: new Map(data.shared),
    allowHostChanges: data.allowHostChanges,
    log,
  };
}

async function answer(
  kind: FaultKind,
  request: ChaosMessage,
): Promise<HostReplies[ChaosMessage['op']]> {
  switch (request.op) {
    case 'prepare':
      return {
        intent: kind.create(request.spec as never).intent,
        settings: kind.settings?.(request.spec as never) ?? {},
        problems: kind.check?.(request.spec as never) ?? [],
      };
    case 'apply': {
      const context = actionContext(request.context);
      const applied = await kind.create(request.spec as never).apply(context);
      // Through JSON: only data goes back, whatever the kind put in its details.
      return {
        applied: JSON.parse(JSON.stringify(applied)) as typeof applied,
        shared: sharedChanges(request.context.shared, context.shared),
      };
    }
    case 'undo': {
      const ledgerKind = kind.ledgerKinds?.[request.ledgerKind];
      if (!ledgerKind) throw new Error(`defines no ledger kind "${request.ledgerKind}"`);
      const refused = ledgerKind.ownership(request.params, request.runId);
      if (refused !== null) return { refused };
      return { detail: await ledgerKind.undo(request.params, { log }) };
    }
    case 'effect': {
      if (!kind.effect) throw new Error('states no effect');
      const { stack, shared } = actionContext(request.context);
      return kind.effect.read({ stack, shared, applied: request.applied });
    }
  }
}

const ref = JSON.parse(process.argv[2]!) as FaultModuleRef;
// The chaos process is gone (killed, or done): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
// A kind spinning on the main thread never hears that, so a thread of its own watches
// for the parent to change (its death) and ends the whole process.
new Worker(
  `const parent = process.ppid;
   setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL'); }, 500);`,
  { eval: true },
).unref();
const kind = await importFaultModule(ref).catch((error: unknown) => {
  // Said once, then gone: the chaos process reports it as the module's problem.
  process.send!({ type: 'failed', message: (error as Error).message } satisfies HostMessage, () =>
    process.exit(0),
  );
  return null;
});
if (kind) {
  send({ type: 'ready', description: describe(kind) });
  process.on('message', (request: ChaosMessage) => {
    answer(kind, request).then(
      (value) => send({ type: 'reply', id: request.id, ok: true, value }),
      (error: unknown) =>
        send({
          type: 'reply',
          id: request.id,
          ok: false,
          error: (error as Error)?.message ?? String(error),
          // By name: the module holds its own copy of the class.
          unavailable: (error as Error)?.name === 'ActionUnavailableError',
        }),
    );
  });
}
