// The server-observed drop rate, read so that "no drops yet" is not "no data": a labelled
// counter (the drop counter's `error_type="connection_dropped"` series) usually appears
// on its first increment, so before any drop the rate's query returns nothing while the
// traffic it divides by is there. Then the rate is 0 % and the reading says why; without
// traffic it stays unknown. Baseline, the sampler and preflight read it the same way.

import type { PrometheusClient } from '../prom/client.js';
import type { Sample } from '../prom/api-types.js';
import { numeratorSelectors, vectorSelectors } from '../prom/promql/selectors.js';
import { currentValue, instantSamples } from '../prom/verification.js';

export interface ServerDropRate {
  /** Percent, or null when it cannot be known. */
  value: number | null;
  samples: Sample[];
  /**
   * Set when the value is 0 because the drop counter has no series yet while the
   * traffic does: the selectors that have none.
   */
  notYetCounted?: string[];
}

export interface DropRateQueries {
  dropRate: string;
  traffic: string;
}

export async function serverDropRate(
  prometheus: PrometheusClient,
  queries: DropRateQueries,
  at: Date,
): Promise<ServerDropRate> {
  const rate = await currentValue(prometheus, queries.dropRate, at);
  if (rate.samples.length > 0) return { value: rate.value, samples: rate.samples };
  const absent = await selectorsWithoutSeries(prometheus, queries.dropRate, at);
  // Only a missing numerator (the drop counter) is "no drops yet"; a missing denominator,
  // or nothing at all, is no data.
  const numerator = numeratorSelectors(queries.dropRate);
  if (absent.length === 0 || !absent.every((selector) => numerator.includes(selector)))
    return { value: null, samples: [] };
  const traffic = await currentValue(prometheus, queries.traffic, at);
  if (traffic.value === null || traffic.value <= 0) return { value: null, samples: [] };
  return { value: 0, samples: [], notYetCounted: absent };
}

/** The selectors of `expr` that have no series at `at` (their counter has not appeared). */
export async function selectorsWithoutSeries(
  prometheus: PrometheusClient,
  expr: string,
  at: Date,
): Promise<string[]> {
  const selectors = vectorSelectors(expr);
  const counts = await Promise.all(
    selectors.map(async (selector) => {
      const query = `count(${selector})`;
      return instantSamples(await prometheus.query(query, at), query).length;
    }),
  );
  return selectors.filter((_, i) => counts[i] === 0);
}

/** Said beside a 0 % read from a drop counter that has not appeared yet. */
export function notYetCountedNote(absent: readonly string[]): string {
  return `${absent.join(', ')} has no series yet (a labelled counter appears at its first increment), so no drop was counted: 0 %`;
}
