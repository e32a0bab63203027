// The verification outcome: the heart of "never pass vacuously". A verification query
// (`drop rate < 0.5`) that returns nothing may mean the condition failed or that there
// was nothing to compare; stripping its final comparison tells the two apart.

import { formatLabels } from './api-types.js';
import type { QueryResult, Sample } from './api-types.js';
import type { PrometheusClient } from './client.js';
import {
  comparisonKeeps,
  describeComparison,
  stripFinalComparison,
} from './promql/final-comparison.js';
import type { FinalComparison } from './promql/final-comparison.js';

export type VerificationOutcome = 'pass' | 'fail' | 'no-data' | 'error';

/** One query the verdict rests on, with what it returned. */
export interface EvidenceQuery {
  expr: string;
  time: Date;
  samples?: Sample[];
  error?: string;
}

export interface VerificationEvidence {
  queries: EvidenceQuery[];
  /** The final comparison, when the expression has one. */
  comparison?: FinalComparison;
  /** One line a person can read in a report. */
  explanation: string;
}

export interface Verification {
  outcome: VerificationOutcome;
  evidence: VerificationEvidence;
}

/** Evaluates `expr` at `time` (default now) and, when empty, its compared value at the same instant. */
export async function verify(
  client: PrometheusClient,
  expr: string,
  time = new Date(),
): Promise<Verification> {
  const query = await evaluate(client, expr, time);
  if (query.error !== undefined || (query.samples?.length ?? 0) > 0)
    return classifyVerification(query);
  let comparison: FinalComparison | null;
  try {
    comparison = stripFinalComparison(expr);
  } catch (error) {
    return classifyVerification({ ...query, error: (error as Error).message });
  }
  if (!comparison) return classifyVerification(query);
  return classifyVerification(query, comparison, await evaluate(client, comparison.value, time));
}

/**
 * The pure part of `verify`: the outcome from the query's result and, when that was empty,
 * the compared value's result.
 */
export function classifyVerification(
  query: EvidenceQuery,
  comparison?: FinalComparison | null,
  compared?: EvidenceQuery,
): Verification {
  const queries = compared ? [query, compared] : [query];
  const verdict = (outcome: VerificationOutcome, explanation: string): Verification => ({
    outcome,
    evidence: { queries, ...(comparison ? { comparison } : {}), explanation },
  });
  if (query.error !== undefined) return verdict('error', `the query failed: ${query.error}`);
  const samples = query.samples ?? [];
  if (samples.length > 0) {
    const nan = samples.filter((sample) => Number.isNaN(sample.value));
    if (nan.length > 0) {
      return verdict(
        'no-data',
        `${nan.length} of ${samples.length} returned series are NaN (0/0: nothing in the window to divide), which proves nothing: ${listSamples(nan)}`,
      );
    }
    return verdict('pass', `the query returned ${count(samples.length)}: ${listSamples(samples)}`);
  }
  if (!comparison) {
    return verdict(
      'no-data',
      'the query returned no series and has no final comparison to strip, so failing the condition cannot be told from missing data',
    );
  }
  if (!compared)
    return verdict('error', `the compared value \`${comparison.value}\` was not evaluated`);
  if (compared.error !== undefined) {
    return verdict(
      'error',
      `the query returned no series, and its compared value failed: ${compared.error}`,
    );
  }
  const values = compared.samples ?? [];
  const finite = values.filter((sample) => Number.isFinite(sample.value));
  if (finite.length === 0) {
    const what =
      values.length === 0
        ? 'returned no series either'
        : `returned only NaN/Inf: ${listSamples(values)}`;
    return verdict(
      'no-data',
      `the query returned no series, and its compared value \`${comparison.value}\` ${what}; there is nothing to compare`,
    );
  }
  const kept = finite.filter((sample) => comparisonKeeps(comparison, sample.value));
  const note =
    kept.length > 0
      ? ` (${count(kept.length)} would satisfy it now: the data moved between queries?)`
      : '';
  return verdict(
    'fail',
    `${count(finite.length)} of \`${comparison.value}\` failed \`${describeComparison(comparison)}\`: ${listSamples(finite)}${note}`,
  );
}

/** The live value of `expr` (the drop rate): the largest finite sample, or null when none. */
export async function currentValue(
  client: PrometheusClient,
  expr: string,
  time = new Date(),
): Promise<{ value: number | null; samples: Sample[]; time: Date }> {
  const samples = instantSamples(await client.query(expr, time), expr);
  const finite = samples.map((sample) => sample.value).filter(Number.isFinite);
  return { value: finite.length > 0 ? Math.max(...finite) : null, samples, time };
}

/** Samples of an instant query; a scalar counts as one series without labels. */
export function instantSamples(result: QueryResult, expr: string): Sample[] {
  switch (result.resultType) {
    case 'vector':
      return result.samples;
    case 'scalar':
      return [{ labels: {}, value: result.value, time: result.time }];
    default:
      throw new TypeError(
        `\`${expr}\` returned a ${result.resultType === 'matrix' ? 'range vector' : 'string'}; expected an instant vector or a scalar`,
      );
  }
}

async function evaluate(
  client: PrometheusClient,
  expr: string,
  time: Date,
): Promise<EvidenceQuery> {
  try {
    return { expr, time, samples: instantSamples(await client.query(expr, time), expr) };
  } catch (error) {
    return { expr, time, error: (error as Error).message };
  }
}

function listSamples(samples: Sample[], limit = 3): string {
  const shown = samples
    .slice(0, limit)
    .map((sample) => `${formatLabels(sample.labels)} ${sample.value}`);
  const more = samples.length > limit ? `, and ${samples.length - limit} more` : '';
  return shown.join(', ') + more;
}

function count(n: number): string {
  return n === 1 ? '1 series' : `${n} series`;
}
