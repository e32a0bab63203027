// A lint finding: where, which check, what was expected and found, and the corrected
// expression when one can be written.

export type FindingCheck =
  | 'syntax'
  | 'by-outside-aggregation'
  | 'vector-matching'
  | 'rate-window'
  | 'for-exceeds-escalation'
  | 'rules-file'
  | 'absent-metric'
  | 'missing-label'
  | 'no-matching-series'
  | 'evaluation-error'
  | 'empty-alert-value'
  | 'flat-counter'
  | 'dropped-grouping'
  | 'alertmanager-config'
  | 'unreachable-route'
  | 'inhibit-equal'
  | 'runbook-url';

export interface Finding {
  file: string;
  /** 1-based, in the file. */
  line: number;
  column: number;
  check: FindingCheck;
  /** `error`: the expression cannot work as written; `warning`: it very likely does not. */
  severity: 'error' | 'warning';
  message: string;
  /** The expression the finding is about, as written. */
  expr: string;
  /** Where the expression came from: `alert TickStormConnectionDropRate`, `promql block`, … */
  context: string;
  /** The whole expression with a fix applied, best first. */
  suggestions?: string[];
  /** What Prometheus or promtool said about it. */
  confirmation?: string;
}

/** `file:line:col: error [check] message`, then indented suggestion and confirmation lines. */
export function formatFinding(finding: Finding): string {
  const lines = [
    `${finding.file}:${finding.line}:${finding.column}: ${finding.severity} [${finding.check}] ${finding.context}: ${finding.message}`,
  ];
  if (finding.confirmation) lines.push(`    confirmed: ${finding.confirmation}`);
  finding.suggestions?.forEach((suggestion, index) =>
    lines.push(`    ${index === 0 ? 'suggestion:' : 'or:        '} ${suggestion}`),
  );
  return lines.join('\n');
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.check.localeCompare(b.check),
  );
}
