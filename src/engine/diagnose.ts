// Why an alert stayed silent: evaluate its compared value and, where that is empty,
// descend into the binary operations to find the first one that lost its series and
// say why (usually one-to-one vector matching between sides with different labels).
// Kept small on purpose; `chaos explain` does the full tree walk.

import type { SyntaxNode } from '@lezer/common';
import type { Labels } from '../prom/api-types.js';
import type { PrometheusClient } from '../prom/client.js';
import { stripFinalComparison } from '../prom/promql/final-comparison.js';
import { parsePromQL } from '../prom/promql/parse.js';
import { binaryParts, text, unwrapParens } from '../prom/promql/tree.js';
import { instantSamples } from '../prom/verification.js';
import type { DrillContext } from './drill-context.js';
import { queryEvidence } from './query-evidence.js';
import type { Evidence } from './run-result.js';
import { formatRate } from './step-clock.js';

async function labelSets(
  client: PrometheusClient,
  expr: string,
  at: Date,
  evidence: Evidence[],
  label: string,
): Promise<Labels[]> {
  const samples = instantSamples(await client.query(expr, at), expr);
  evidence.push(queryEvidence(label, expr, at, samples));
  return samples.map((s) => s.labels);
}

/** Label names present on every series of one side but on none of the other's. */
function unmatchedLabels(
  left: Labels[],
  right: Labels[],
): { leftOnly: string[]; rightOnly: string[] } {
  const names = (sets: Labels[]) => new Set(sets.flatMap((s) => Object.keys(s)));
  const l = names(left);
  const r = names(right);
  return { leftOnly: [...l].filter((n) => !r.has(n)), rightOnly: [...r].filter((n) => !l.has(n)) };
}

async function firstEmptyBinary(
  client: PrometheusClient,
  source: string,
  node: SyntaxNode,
  at: Date,
  evidence: Evidence[],
): Promise<string | null> {
  const parts = binaryParts(unwrapParens(node));
  if (!parts) return null;
  const lhs = text(source, parts.lhs);
  const rhs = text(source, parts.rhs);
  const left = await labelSets(client, lhs, at, evidence, 'left side');
  const right = await labelSets(client, rhs, at, evidence, 'right side');
  if (left.length === 0)
    return (
      (await firstEmptyBinary(client, source, parts.lhs, at, evidence)) ??
      `\`${lhs}\` returns no series`
    );
  if (right.length === 0)
    return (
      (await firstEmptyBinary(client, source, parts.rhs, at, evidence)) ??
      `\`${rhs}\` returns no series`
    );
  if (parts.kind === 'comparison')
    return `the comparison in \`${text(source, node)}\` filtered out every series`;
  const { leftOnly, rightOnly } = unmatchedLabels(left, right);
  if (!parts.matching && (leftOnly.length > 0 || rightOnly.length > 0)) {
    const differ = [
      ...leftOnly.map((n) => `the left side carries \`${n}\``),
      ...rightOnly.map((n) => `the right side carries \`${n}\``),
    ];
    const ignoring = [...leftOnly, ...rightOnly].join(', ');
    return (
      `vector matching: both sides return series (${left.length} and ${right.length}), but ${differ.join(' and ')} and the other side does not, ` +
      `so one-to-one matching pairs nothing and the division matched no series. ` +
      `Fix: add \`ignoring(${ignoring})\` to the operator, or aggregate both sides by the labels they share (\`sum by (instance_id) (...)\`).`
    );
  }
  return `\`${text(source, node)}\` returns no series although both sides do`;
}

/** A paragraph for the report saying why the alert did not fire. */
export async function diagnoseSilentAlert(
  context: DrillContext,
  evidence: Evidence[],
): Promise<string> {
  const { plan, stack, sampler } = context;
  const client = stack.prometheus;
  const at = new Date();
  const comparison = stripFinalComparison(plan.queries.alert);
  const compared = comparison?.value ?? plan.queries.alert;
  const clientRate = `The client-observed drop rate was ${formatRate(sampler.latest?.clientDropRate ?? null)}.`;
  try {
    const values = instantSamples(await client.query(compared, at), compared);
    evidence.push(
      queryEvidence('the alert expression without its threshold', compared, at, values),
    );
    if (values.length > 0) {
      const shown = values.map((v) => v.value.toFixed(3)).join(', ');
      return `The alert expression has values (${shown}) but did not stay ${comparison ? `${comparison.op} ${comparison.threshold}` : 'true'} for the rule's \`for\` of ${plan.forMs / 1000} s. ${clientRate}`;
    }
    const parsed = parsePromQL(compared);
    const reason = await firstEmptyBinary(client, compared, parsed.root, at, evidence);
    return `The alert expression returns no series at all, so it can never fire: ${reason ?? 'its selectors match nothing'}. ${clientRate}`;
  } catch (error) {
    return `Could not diagnose: ${(error as Error).message}`;
  }
}
