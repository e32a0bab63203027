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

/**
 * The alert cannot see a cause whose drops the server never counts (a connection the
 * kernel refused or timed out before accept): clients saw the threshold crossed while
 * the server's own rate stayed under it. Said plainly, with the clients' reasons.
 */
export function blindness(context: DrillContext): string | null {
  const threshold = context.plan.alert.threshold;
  const sample = context.sampler.latest;
  const client = sample?.clientDropRate ?? null;
  const server = sample?.serverDropRate ?? null;
  if (client === null || client < threshold || (server !== null && server >= threshold))
    return null;
  const progress = context.loadProgress();
  const reasons = progress
    ? Object.entries(progress.dropped)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ')
    : '';
  return (
    `The alert could not see this cause: the clients saw ${formatRate(client)} of their sessions dropped while the server counted ${formatRate(server)}. ` +
    `These sessions were lost before the server accepted them, so its counters, and every alert built on them, never saw them` +
    `${reasons ? ` (client drop reasons: ${reasons})` : ''}. An alert on client-side or kernel metrics (listen overflows) would be needed.`
  );
}
