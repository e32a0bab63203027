// Stop conditions, evaluated every sample: a condition holds when its instant query returns
// at least one sample (an alert expression's filter semantics). A query that fails costs
// only its own tick, like every other failed query of the sampler.

import type { PrometheusClient } from '../prom/client.js';
import { formatLabels } from '../prom/api-types.js';
import { instantSamples } from '../prom/verification.js';
import type { AbortRecord } from '../result/run-result.js';
import type { PlannedStopCondition } from '../scenario/plan-stop-conditions.js';
import { queryEvidence } from './query-evidence.js';

/** The first condition (in the plan's order) that holds at `at`, as the drill's abort record. */
export async function heldStopCondition(
  prometheus: PrometheusClient,
  conditions: readonly PlannedStopCondition[],
  at: Date,
): Promise<AbortRecord | null> {
  const results = await Promise.all(
    conditions.map(async (condition) => {
      try {
        const samples = instantSamples(
          await prometheus.query(condition.query, at),
          condition.query,
        );
        return samples.length > 0 ? { condition, samples } : null;
      } catch {
        return null;
      }
    }),
  );
  const held = results.find((result) => result !== null);
  if (!held) return null;
  const { condition, samples } = held;
  const values = queryEvidence(condition.name, condition.query, at, samples).result;
  return {
    by: 'stop condition',
    reason: `stop condition \`${condition.name}\` held at ${at.toISOString()}: ${valuesText(values)}`,
    at: at.toISOString(),
    condition: { name: condition.name, query: condition.query },
    values,
  };
}

/** `{alertname="X"} 1`, the first few samples, as the reports quote them. */
export function valuesText(values: NonNullable<AbortRecord['values']>, limit = 3): string {
  const shown = values.slice(0, limit).map((v) => `${formatLabels(v.labels)} ${v.value}`);
  const more = values.length > limit ? ` and ${values.length - limit} more` : '';
  return `${shown.join('; ')}${more}`;
}
