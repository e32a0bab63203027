// What a drill that passed journals: every step, in the engine's order, each a pass.
// Written out, not derived from the engine, so a test comparing with it can fail.

import type { StepName } from '../../src/engine/run-result.js';

export const EVERY_STEP_PASSING: [StepName, 'pass'][] = [
  ['preflight', 'pass'],
  ['baseline', 'pass'],
  ['inject', 'pass'],
  ['expect', 'pass'],
  ['remediate', 'pass'],
  ['verify', 'pass'],
  ['rollback', 'pass'],
];
