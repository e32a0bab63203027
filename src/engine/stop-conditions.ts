// Stop conditions, evaluated every sample: a condition holds when its instant query returns
// at least one sample (an alert expression's filter semantics). A query that fails costs
// its own tick, and is said: the watch (stop-watch.ts) decides how long that may go on.

import type { PrometheusClient } from '../prom/client.js';
import { formatLabels } from '../prom/api-types.js';
import { instantSamples } from '../prom/verification.js';
import type { AbortRecord } from '../result/run-result.js';
import type { PlannedStopCondition } from '../scenario/plan-stop-conditions.js';
import { queryEvidence } from './query-evidence.js';

export interface StopConditionLook {
  /** The first condition (in the plan's order) that holds, as the drill's abort record. */
  held: AbortRecord | null;
  /** Conditions whose query failed this time, with Prometheus's reason. */
  failed: { condition: PlannedStopCondition; error: string }[];
}

/** Every condition at `at`: which holds first, and which could not be evaluated. */
export async function lookAtStopConditions(
  prometheus: PrometheusClient,
  conditions: readonly PlannedStopCondition[],
  at: Date,
): Promise<StopConditionLook> {
  const failed: StopConditionLook['failed'] = [];
  const results = await Promise.all(
    conditions.map(async (condition) => {
      try {
        const samples = instantSamples(
          await prometheus.query(condition.query, at),
          condition.query,
        );
        return samples.length > 0 ? { condition, samples } : null;
      } catch (error) {
        failed.push({ condition, error: firstLine(error) });
        return null;
      }
    }),
  );
  const found = results.find((result) => result !== null);
  if (!found) return { held: null, failed };
  const { condition, samples } = found;
  const values = queryEvidence(condition.name, condition.query, at, samples).result;
  return {
    held: {
      by: 'stop condition',
      reason: `stop condition \`${condition.name}\` held at ${at.toISOString()}: ${valuesText(values)}`,
      at: at.toISOString(),
      condition: { name: condition.name, query: condition.query },
      values,
    },
    failed,
  };
}

function firstLine(error: unknown): string {
  return ((error as Error | undefined)?.message ?? String(error)).split('\n')[0]!;
}

/** `{alertname="X"} 1`, the first few samples, as the reports quote them. */
export function valuesText(values: NonNullable<AbortRecord['values']>, limit = 3): string {
  const shown = values.slice(0, limit).map((v) => `${formatLabels(v.labels)} ${v.value}`);
  const more = values.length > limit ? ` and ${values.length - limit} more` : '';
  return `${shown.join('; ')}${more}`;
}
