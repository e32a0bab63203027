// The drill's last words, from what the clients saw over its whole run: their sessions
// by outcome, reason and age at close for the result, and the verdict's first clause when
// most of them never got in.

import { agesAtCloseByReason } from '../load/metrics/ages-at-close.js';
import type { LoadSummary } from '../load/metrics/progress.js';
import type { DrillResult } from '../result/run-result.js';

/** Clients turned away at the door are the cause of whatever the checks then saw: first. */
export function verdict(checks: string, turnedAway: string | null): string {
  return turnedAway ? `${turnedAway}; so ${checks}` : checks;
}

/** What the clients saw over the whole drill, for the report: the ground truth beside the server's count. */
export function summarizeSessions(
  summary: LoadSummary,
): NonNullable<DrillResult['clientSessions']> {
  return {
    started: summary.started,
    handshakes: summary.handshakes,
    completed: summary.completed,
    interrupted: summary.interrupted,
    dropped: summary.droppedTotal,
    droppedByReason: summary.dropped,
    examples: summary.dropExamples,
    agesAtClose: agesAtCloseByReason(summary.dropAges),
  };
}
