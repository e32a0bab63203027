// A restart the drill did not make can take the fault away: a fault that follows the
// process could not move into the new one, or another program took the target's port.
// Then a recovery is not the remediation's, and verify must not count it.

import type { DrillContext } from './drill-context.js';

/** Why the fault no longer holds since it was applied, or null. */
export function faultNoLongerHolds(context: DrillContext): string | null {
  const since = Date.parse(context.markers.faultApplied ?? '') || 0;
  const lost = context.sampler.target
    .all()
    .find((restart) => restart.problem && Date.parse(restart.at) >= since);
  if (!lost) return null;
  return `the fault no longer holds: at ${lost.at} ${lost.how} (${lost.problem}), so a recovery from then on would not be the remediation's`;
}
