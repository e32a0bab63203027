// Time checks: a rate() needs at least two samples in its window, and a runbook's alert
// must be able to fire before its escalation deadline.

import { applyEdits } from '../promql/edits.js';
import { formatDuration, parseDuration } from '../promql/duration.js';
import { rangeWindows } from '../promql/range-windows.js';
import type { ExtractedExpr } from './extracted.js';
import type { Finding } from './finding.js';

const COUNTER_FUNCTIONS = new Set(['rate', 'increase']);

/** rate/increase windows shorter than four scrape intervals (an error below two). */
export function checkRateWindows(extracted: ExtractedExpr, scrapeIntervalMs: number): Finding[] {
  const findings: Finding[] = [];
  const minimum = 4 * scrapeIntervalMs;
  for (const window of rangeWindows(extracted.expr)) {
    if (
      window.kind !== 'range' ||
      !COUNTER_FUNCTIONS.has(window.functionName ?? '') ||
      window.ms >= minimum
    )
      continue;
    const scrapes = window.ms / scrapeIntervalMs;
    findings.push({
      file: extracted.file,
      ...extracted.locate(window.durationFrom),
      check: 'rate-window',
      severity: scrapes < 2 ? 'error' : 'warning',
      message: `${window.functionName}() over [${window.duration}] spans ${formatScrapes(scrapes)} of ${formatDuration(scrapeIntervalMs)}; expected at least four (${formatDuration(minimum)}) so that one missed scrape still leaves two samples, else it returns nothing`,
      expr: extracted.expr,
      context: extracted.context,
      suggestions: [
        applyEdits(extracted.expr, [
          { from: window.durationFrom, to: window.durationTo, insert: formatDuration(minimum) },
        ]),
      ],
    });
  }
  return findings;
}

/** An alert whose `for` is longer than the runbook's escalation time. */
export function checkForDuration(
  extracted: ExtractedExpr,
  escalationMs: number,
  position: { line: number; column: number },
): Finding | null {
  const rule = extracted.rule;
  if (rule?.kind !== 'alert' || !rule.for) return null;
  const forMs = parseDuration(rule.for);
  if (forMs <= escalationMs) return null;
  return {
    file: extracted.file,
    ...position,
    check: 'for-exceeds-escalation',
    severity: 'warning',
    message: `for: ${rule.for} is longer than the runbook's escalation time of ${formatDuration(escalationMs)}; the alert cannot fire before escalation is due; expected a for of at most ${formatDuration(escalationMs)}`,
    expr: extracted.expr,
    context: extracted.context,
  };
}

function formatScrapes(scrapes: number): string {
  const rounded = Math.round(scrapes * 10) / 10;
  return `${rounded} scrape interval${rounded === 1 ? '' : 's'}`;
}
