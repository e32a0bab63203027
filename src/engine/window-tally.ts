// What the clients saw in one window: the difference of the load's running tallies at its
// two ends, so a baseline can name every drop the clients had beside the server's count.

import type { LoadTallies } from '../load/metrics/progress.js';

export interface WindowTally {
  started: number;
  completed: number;
  interrupted: number;
  dropped: Record<string, number>;
}

export function windowTally(before: LoadTallies, after: LoadTallies): WindowTally {
  const dropped: Record<string, number> = {};
  for (const [reason, n] of Object.entries(after.dropped)) {
    const inWindow = n - (before.dropped[reason] ?? 0);
    if (inWindow > 0) dropped[reason] = inWindow;
  }
  return {
    started: after.started - before.started,
    completed: after.completed - before.completed,
    interrupted: after.interrupted - before.interrupted,
    dropped,
  };
}

export function describeWindowTally(tally: WindowTally): string {
  const drops = Object.entries(tally.dropped);
  const total = drops.reduce((sum, [, n]) => sum + n, 0);
  const reasons = drops.map(([reason, n]) => `${reason} ${n}`).join(', ');
  return `${tally.started} started, ${tally.completed} completed, ${tally.interrupted} cut short, ${total} dropped${reasons ? ` (${reasons})` : ''}`;
}

/** Sessions that ended in the window, however they ended. */
export function endedIn(tally: WindowTally): number {
  return tally.completed + tally.interrupted + droppedIn(tally);
}

function droppedIn(tally: WindowTally): number {
  return Object.values(tally.dropped).reduce((sum, n) => sum + n, 0);
}

/** Dropped over the sessions that ended in the window, percent; null when none ended. */
export function windowDropRate(tally: WindowTally): number | null {
  const ended = endedIn(tally);
  return ended > 0 ? (droppedIn(tally) / ended) * 100 : null;
}
