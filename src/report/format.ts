// Small formatting shared by the reporters.

import type { Outcome } from '../engine/outcome.js';
import type { Evidence, StepName } from '../engine/run-result.js';

export { formatMs, formatRate } from '../engine/step-clock.js';

export const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  'no-data': 'NO DATA',
  error: 'ERROR',
};

/** The drill's checks in order; those not reached are reported as not run. */
export const DRILL_STEPS: readonly StepName[] = [
  'preflight',
  'baseline',
  'inject',
  'expect',
  'remediate',
  'verify',
  'rollback',
];

/** One evidence item as plain text lines. */
export function evidenceLines(evidence: Evidence): string[] {
  switch (evidence.kind) {
    case 'query': {
      const result =
        evidence.result.length === 0
          ? 'no series'
          : evidence.result
              .slice(0, 5)
              .map(
                (r) =>
                  `${labelsText(r.labels)} ${typeof r.value === 'number' ? r.value.toPrecision(4) : r.value}`,
              )
              .join('; ');
      return [
        `${evidence.label}: \`${evidence.query}\` at ${evidence.at} → ${result}${evidence.note ? ` (${evidence.note})` : ''}`,
      ];
    }
    case 'alert':
      return [
        `alert ${evidence.alert} ${evidence.state} at ${evidence.at}${evidence.activeAt ? ` (active since ${evidence.activeAt})` : ''}${evidence.value ? `, value ${evidence.value}` : ''}`,
      ];
    case 'action':
      return [`${evidence.role}: ${evidence.summary}`, `  how: ${evidence.how}`];
    case 'note':
      return [evidence.text];
  }
}

export function labelsText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}
