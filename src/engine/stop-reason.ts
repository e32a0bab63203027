// A drill stopped on the user's own signal (a stop condition held, or `chaos stop`). It is
// an interrupt for every wait and phase (they end at once and rollback runs), told apart
// where the result is made: the drill ends aborted, not interrupted.

import type { AbortRecord } from '../result/run-result.js';
import { InterruptedError } from './drill-errors.js';

export class DrillAbortedError extends InterruptedError {
  constructor(readonly stop: AbortRecord) {
    super(stop.reason);
    this.name = 'DrillAbortedError';
    this.message = `aborted: ${stop.reason}`;
  }
}

/**
 * What an aborted signal means for a drill: a stop passed through the run's controller
 * (another drill's condition held) is that stop; anything else is an interrupt by its reason.
 */
export function abortErrorOf(signal: AbortSignal): InterruptedError {
  const reason: unknown = signal.reason;
  if (reason instanceof DrillAbortedError) return reason;
  return new InterruptedError(String(reason ?? 'SIGINT'));
}
