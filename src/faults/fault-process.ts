// A process that is the fault itself (a reset storm, a memory hog): started held, so it
// acts only after the ledger records it with its pid, start time and command line (the
// identity rollback proves before it signals), then released. For user kinds too.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { identify, identityParams, type ProcessIdentity } from '../stack/process/proc-identity.js';
import type { ActionContext } from './action.js';
import { undoProcess } from './end-process.js';
import type { LedgerKind } from './fault-kind.js';
import { processProblem } from './ownership.js';
import { withDeadline } from '../bounds.js';

/** The ledger kind for such a process: ended by its proven identity, never by name or bare pid. */
export const faultProcessKind: LedgerKind = {
  undo: undoProcess,
  ownership: (params) => processProblem(params),
};

export interface FaultProcess {
  identity: ProcessIdentity;
  /** The first line it prints after it is released (what it found and did first). */
  firstLine: string;
}

/**
 * Runs `command args`, which must print one line when it is waiting, then wait for a
 * line on stdin before it acts, and print a line once it has acted for the first time.
 * Each wait is bounded; on any failure the process is ended and the error says why.
 */
export async function startFaultProcess(
  context: ActionContext,
  ledgerKind: string,
  name: string,
  command: string,
  args: string[],
  boundMs = 10_000,
): Promise<FaultProcess> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const iterator = lines[Symbol.asyncIterator]();
  const nextLine = async (what: string): Promise<string> => {
    const next = await withDeadline(
      iterator.next(),
      boundMs,
      () => new Error(`${name} did not ${what} within ${boundMs / 1000} s`),
    );
    if (next.done)
      throw new Error(`${name} exited (code ${child.exitCode}) before it could ${what}`);
    return next.value;
  };
  try {
    // Waiting: it runs its own program now, so its command line is its own.
    await nextLine('say it was waiting');
    const identity = identify(child.pid!);
    if (!identity) throw new Error(`${name} (pid ${child.pid}) ended before it could be recorded`);
    context.ledger.record(
      ledgerKind,
      { name, ...identityParams(identity) },
      `end ${name} (pid ${identity.pid})`,
    );
    child.stdin!.write('go\n');
    const firstLine = await nextLine('report its first action');
    // Its later lines are not read: drain them so it never blocks on a full pipe.
    lines.close();
    child.stdout!.resume();
    child.unref();
    return { identity, firstLine };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
