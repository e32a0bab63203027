// A drill's stop conditions as planned: the scenario's `stopWhen` (checked by its
// schema) and `--stop-when`'s (checked here, like every PromQL, before anything starts),
// each scaled to the drill's time like the scenario's other queries.

import { findSyntaxError } from '../prom/promql/parse.js';
import { scaleExpression } from '../prom/promql/scale.js';
import type { StopCondition } from './scenario-schema.js';
import { ScenarioError } from './scenario-error.js';

export interface PlannedStopCondition {
  /** The scenario's name for it, else its query as written. */
  name: string;
  /** At the drill's time scale, as the sampler evaluates it. */
  query: string;
  /** Where it was written: `stopWhen[0]` or `--stop-when`. */
  from: string;
}

/**
 * The scenario's conditions (checked by its schema) and the command line's, checked here
 * like every PromQL before anything starts; each scaled like the scenario's queries.
 */
export function planStopConditions(
  written: readonly StopCondition[],
  flags: readonly string[],
  factor: number,
): PlannedStopCondition[] {
  const problems = flags.flatMap((query) => {
    if (query.trim() === '') return ['expected a PromQL condition after it, got nothing'];
    const problem = findSyntaxError(query);
    return problem
      ? [
          `${JSON.stringify(query)}: expected valid PromQL, got a syntax error at column ${problem.column}: ${problem.reason}`,
        ]
      : [];
  });
  if (problems.length > 0) throw new ScenarioError('--stop-when', problems);
  return [
    ...written.map((condition, index) => ({
      name: condition.name ?? condition.query,
      query: scaleExpression(condition.query, factor),
      from: `stopWhen[${index}]`,
    })),
    ...flags.map((query) => ({
      name: query,
      query: scaleExpression(query, factor),
      from: '--stop-when',
    })),
  ];
}
