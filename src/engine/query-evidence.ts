// Turns a query and what it returned into report evidence (NaN and ±Inf kept as text,
// since JSON has no spelling for them).

import type { Sample } from '../prom/api-types.js';
import type { QueryEvidence } from '../result/run-result.js';

export function queryEvidence(
  label: string,
  query: string,
  at: Date,
  samples: Sample[],
  note?: string,
): QueryEvidence {
  return {
    kind: 'query',
    label,
    query,
    at: at.toISOString(),
    result: samples.map((s) => ({
      labels: s.labels,
      value: Number.isFinite(s.value) ? s.value : String(s.value),
    })),
    ...(note ? { note } : {}),
  };
}
