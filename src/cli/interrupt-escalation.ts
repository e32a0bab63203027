// Ctrl-C during a drill, in three steps: the first always starts the rollback; a second
// says what is still being undone (read from the run's own ledgers, so it answers even
// while an undo is stuck); a third exits at once and leaves those ledgers to
// `chaos rollback`, which undoes exactly what they name (documented in `run --help`).

import type { AbandonedLedger } from '../faults/ledger.js';
import { ExitCode } from './exit-codes.js';

export interface EscalationOptions {
  write: (text: string) => void;
  /** The ledgers this process still holds, with what is not yet undone. */
  pending: () => AbandonedLedger[];
  exit: (code: number) => void;
}

/** A signal handler for SIGINT and SIGTERM alike: counts them together. */
export function escalatingInterrupt(
  controller: AbortController,
  { write, pending, exit }: EscalationOptions,
): (signal: NodeJS.Signals) => void {
  let received = 0;
  return (signal) => {
    received += 1;
    if (received === 1) {
      write(
        `\nchaos: ${signal} received; rolling back every fault before exiting (again: show what is left; a third time: exit now, leaving it to \`chaos rollback\`)\n`,
      );
      controller.abort(signal);
      return;
    }
    const ledgers = readable(pending);
    if (received === 2) {
      write(stillUndoing(ledgers));
      return;
    }
    write(leftBehind(ledgers));
    exit(ExitCode.Interrupted);
  };
}

function readable(pending: () => AbandonedLedger[]): AbandonedLedger[] | null {
  try {
    return pending();
  } catch {
    return null;
  }
}

function stillUndoing(ledgers: AbandonedLedger[] | null): string {
  if (ledgers === null)
    return 'chaos: still rolling back (its ledgers could not be read); a third Ctrl-C exits now\n';
  const entries = ledgers.flatMap((ledger) => ledger.pending);
  if (entries.length === 0)
    return 'chaos: still rolling back: every recorded change is undone; stopping the stack\n';
  const lines = entries.map((entry) => `chaos:   ${entry.description}`);
  return [
    `chaos: still rolling back: ${entries.length} change(s) not yet undone:`,
    ...lines,
    'chaos: a third Ctrl-C exits now and leaves them to `chaos rollback`',
    '',
  ].join('\n');
}

function leftBehind(ledgers: AbandonedLedger[] | null): string {
  const open = (ledgers ?? []).filter((ledger) => ledger.pending.length > 0);
  if (open.length === 0)
    return 'chaos: exiting now, before the rollback finished; `chaos rollback` undoes whatever is left\n';
  const count = open.reduce((sum, ledger) => sum + ledger.pending.length, 0);
  return [
    `chaos: exiting now, before the rollback finished: ${count} change(s) are left, recorded in`,
    ...open.map((ledger) => `chaos:   ${ledger.file}`),
    'chaos: run `chaos rollback` to undo them',
    '',
  ].join('\n');
}
