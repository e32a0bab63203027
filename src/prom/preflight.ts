// Preflight for a drill: before minutes are spent waiting on an alert, check in seconds
// that its expression can work at all: lint's checks, and (with a Prometheus) that the
// value it compares returns series, explained node by node when it does not.

import type { PrometheusClient } from './client.js';
import { explain, renderExplanation } from './explain/explain.js';
import { verbatimLocator } from './lint/extracted.js';
import type { ExtractedExpr } from './lint/extracted.js';
import type { Finding } from './lint/finding.js';
import { lintExpressions } from './lint/lint.js';
import { stripFinalComparison } from './promql/final-comparison.js';
import { instantSamples } from './verification.js';

export interface AnalyzeAlertOptions {
  /** The alert's name, for messages. */
  alert?: string;
  /** Where the expression came from, for findings (default `<alert>`). */
  file?: string;
  /** The rule's `for`, checked against the escalation time. */
  for?: string;
  scrapeIntervalMs?: number;
  escalationMs?: number;
  time?: Date;
}

export interface AlertAnalysis {
  /** False when any finding is an error: the alert cannot fire as written. */
  ok: boolean;
  findings: Finding[];
  /** When the alert's value returns no series: the node-by-node explanation. */
  explanation?: string;
}

export async function analyzeAlert(
  client: PrometheusClient | null,
  expr: string,
  options: AnalyzeAlertOptions = {},
): Promise<AlertAnalysis> {
  const extracted: ExtractedExpr = {
    file: options.file ?? '<alert>',
    expr,
    context: options.alert ? `alert ${options.alert}` : 'alert expression',
    locate: verbatimLocator(expr, 1, 1),
    rule: {
      kind: 'alert',
      name: options.alert ?? '',
      group: '',
      index: 1,
      ...(options.for ? { for: options.for } : {}),
    },
  };
  // Before the fault, a flat error counter is the healthy state, not a finding.
  const findings = (
    await lintExpressions([extracted], {
      ...(client ? { prometheus: client } : {}),
      ...(options.scrapeIntervalMs ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}),
      ...(options.escalationMs ? { escalationMs: options.escalationMs } : {}),
      ...(options.time ? { time: options.time } : {}),
    })
  ).filter((finding) => finding.check !== 'flat-counter');
  const broken = findings.some(
    (finding) => finding.check === 'syntax' || finding.check === 'by-outside-aggregation',
  );
  let explanation: string | undefined;
  if (client && !broken) {
    const value = stripFinalComparison(expr)?.value ?? expr;
    const time = options.time ?? new Date();
    const samples = instantSamples(await client.query(value, time), value);
    if (samples.length === 0) {
      const explained = await explain(client, value, time);
      explanation = renderExplanation(explained);
      findings.push({
        file: extracted.file,
        ...extracted.locate(0),
        expr,
        context: extracted.context,
        check: 'empty-alert-value',
        severity: 'error',
        message: `the alert's value \`${value}\` returns no series at ${time.toISOString()}, so the alert cannot fire at any drop rate: ${explained.summary}`,
      });
    }
  }
  return {
    ok: !findings.some((finding) => finding.severity === 'error'),
    findings,
    ...(explanation ? { explanation } : {}),
  };
}
