// Why an alert stayed silent, for the expect step's failure: its compared value either
// had values that did not hold for `for`, or returned nothing, in which case `chaos
// explain`'s tree walk says where the series vanished and why.

import { explain, renderExplanation } from '../prom/explain/explain.js';
import { stripFinalComparison } from '../prom/promql/final-comparison.js';
import { instantSamples } from '../prom/verification.js';
import type { DrillContext } from './drill-context.js';
import { queryEvidence } from './query-evidence.js';
import type { Evidence } from '../result/run-result.js';
import { formatRate } from './step-clock.js';

/** A paragraph for the report saying why the alert did not fire; adds its evidence. */
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
      const held = comparison ? `${comparison.op} ${comparison.threshold}` : 'true';
      return `The alert expression has values (${shown}) but did not stay ${held} for the rule's \`for\` of ${plan.forMs / 1000} s. ${clientRate}`;
    }
    const explanation = await explain(client, compared, at);
    evidence.push({ kind: 'note', text: renderExplanation(explanation) });
    return `The alert expression returns no series at all, so it can never fire: ${explanation.summary}. ${clientRate}`;
  } catch (error) {
    return `Could not diagnose: ${(error as Error).message}`;
  }
}
