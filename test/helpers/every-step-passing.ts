// What a drill that passed journals: every step, in the engine's order, each a pass.
// Written out, not derived from the engine, so a test comparing with it can fail.

import type { StepName } from '../../src/result/run-result.js';

/** A shipped scenario on the local provider: the page and its resolved notification are checked. */
export const EVERY_STEP_PASSING: [StepName, 'pass'][] = [
  ['preflight', 'pass'],
  ['baseline', 'pass'],
  ['inject', 'pass'],
  ['expect', 'pass'],
  ['page', 'pass'],
  ['remediate', 'pass'],
  ['verify', 'pass'],
  ['resolved-page', 'pass'],
  ['rollback', 'pass'],
];

/** A scenario that states no page, or a provider without Alertmanager. */
export const EVERY_STEP_PASSING_UNPAGED: [StepName, 'pass'][] = EVERY_STEP_PASSING.filter(
  ([name]) => name !== 'page' && name !== 'resolved-page',
);
