// Checks that need a Prometheus: does it accept the expression, do the metrics it reads
// have series, do those series carry the labels its matchers name. Also returns the real
// label sets of each selector, which turns likely vector-matching findings into certain ones.

import type { Labels } from '../api-types.js';
import type { PrometheusClient } from '../client.js';
import { PrometheusError } from '../prometheus-error.js';
import { parsePromQL } from '../promql/parse.js';
import { selectorParts } from '../promql/matchers.js';
import type { LabelMatcher } from '../promql/matchers.js';
import { text } from '../promql/tree.js';
import type { SeriesLookup } from '../promql/label-sets.js';
import type { ExtractedExpr } from './extracted.js';
import type { Finding } from './finding.js';
import type { SyntaxNode } from '@lezer/common';
import { ownMetricAbsence } from './own-metrics.js';
import { instantSamples } from '../verification.js';

export interface LiveFacts {
  findings: Finding[];
  lookup: SeriesLookup;
  /** False when Prometheus rejected the expression (other live checks were skipped). */
  accepted: boolean;
}

/** What Prometheus says about a parse error lezer found; undefined when it accepts the expression. */
export async function prometheusParseError(
  client: PrometheusClient,
  expr: string,
  time?: Date,
): Promise<string | undefined> {
  try {
    await client.query(expr, time);
    return undefined;
  } catch (error) {
    if (
      error instanceof PrometheusError &&
      error.kind === 'query_error' &&
      error.details.errorType === 'bad_data'
    ) {
      return error.details.prometheusMessage;
    }
    if (error instanceof PrometheusError && error.kind === 'query_error') return undefined;
    throw error;
  }
}

export async function liveFacts(
  client: PrometheusClient,
  extracted: ExtractedExpr,
  time?: Date,
): Promise<LiveFacts> {
  const finding = (
    offset: number,
    check: Finding['check'],
    severity: Finding['severity'],
    message: string,
  ): Finding => ({
    file: extracted.file,
    ...extracted.locate(offset),
    check,
    severity,
    message,
    expr: extracted.expr,
    context: extracted.context,
  });
  const findings: Finding[] = [];
  const seriesBySelector = new Map<string, Labels[]>();
  const lookup: SeriesLookup = (selector) => seriesBySelector.get(selector);

  try {
    await client.query(extracted.expr, time);
  } catch (error) {
    if (!(error instanceof PrometheusError) || error.kind !== 'query_error') throw error;
    const bad = error.details.errorType === 'bad_data';
    findings.push(
      finding(
        0,
        bad ? 'syntax' : 'evaluation-error',
        'error',
        `Prometheus ${bad ? 'rejects the expression' : 'cannot evaluate the expression'}: ${error.details.prometheusMessage}`,
      ),
    );
    if (bad) return { findings, lookup, accepted: false };
  }

  const { root, source } = parsePromQL(extracted.expr);
  const selectors: { offset: number; text: string; metric?: string; matchers: LabelMatcher[] }[] =
    [];
  root.cursor().iterate((ref) => {
    if (ref.name !== 'VectorSelector') return;
    selectors.push({
      offset: ref.from,
      text: text(source, ref.node),
      ...selectorParts(source, ref.node),
    });
    return false;
  });

  const checkedMetrics = new Map<string, Labels[]>();
  for (const selector of selectors) {
    if (!seriesBySelector.has(selector.text))
      seriesBySelector.set(selector.text, await client.series([selector.text], undefined, time));
    if (!selector.metric) continue;
    let all = checkedMetrics.get(selector.metric);
    if (!all) {
      all = await client.series([`{__name__=${JSON.stringify(selector.metric)}}`], undefined, time);
      checkedMetrics.set(selector.metric, all);
      const own = ownMetricAbsence(selector.metric);
      if (all.length === 0) {
        findings.push(
          own
            ? finding(selector.offset, 'absent-metric', 'warning', `${own} (${client.baseUrl})`)
            : finding(
                selector.offset,
                'absent-metric',
                'error',
                `metric ${selector.metric} has no series in Prometheus (${client.baseUrl}); expected the target to export it, so everything built on it returns nothing`,
              ),
        );
      }
    }
    if (all.length === 0) continue;
    const names = new Set(all.flatMap((labels) => Object.keys(labels)));
    const missing = selector.matchers.filter((matcher) => !names.has(matcher.name));
    for (const matcher of missing) {
      const filters = (matcher.op === '=' && matcher.value !== '') || matcher.op === '=~';
      findings.push(
        finding(
          selector.offset,
          'missing-label',
          filters ? 'error' : 'warning',
          `${selector.metric}'s series carry no label ${matcher.name} (they carry ${[...names]
            .filter((name) => name !== '__name__')
            .sort()
            .join(
              ', ',
            )}); the matcher ${matcher.name}${matcher.op}${JSON.stringify(matcher.value)} ${filters ? 'selects nothing' : 'has no effect'}`,
        ),
      );
    }
    if (missing.length === 0 && seriesBySelector.get(selector.text)!.length === 0) {
      const values = selector.matchers.map(
        (matcher) => `${matcher.name} in ${valuesOf(all, matcher.name)}`,
      );
      findings.push(
        finding(
          selector.offset,
          'no-matching-series',
          'error',
          `no series of ${selector.metric} matches \`${selector.text}\`; its series have ${values.join(', ')}; expected matcher values that exist`,
        ),
      );
    }
  }
  findings.push(...(await flatCounters(client, source, root, time, finding)));
  return { findings, lookup, accepted: true };
}

/**
 * Counters read through rate()/increase() that exist but did not move in their window:
 * their rate is 0 now, and a ratio of two such is 0/0 (NaN), which no comparison passes.
 */
async function flatCounters(
  client: PrometheusClient,
  source: string,
  root: SyntaxNode,
  time: Date | undefined,
  finding: (
    offset: number,
    check: Finding['check'],
    severity: Finding['severity'],
    message: string,
  ) => Finding,
): Promise<Finding[]> {
  const windows: { offset: number; matrix: string; selector: string; fn: string }[] = [];
  root.cursor().iterate((ref) => {
    if (ref.name !== 'FunctionCall') return;
    const fn = text(source, ref.node.firstChild!);
    if (!['rate', 'irate', 'increase'].includes(fn)) return;
    let matrix: SyntaxNode | null = null;
    ref.node.cursor().iterate((inner) => {
      if (matrix || inner.name !== 'MatrixSelector') return;
      matrix = inner.node;
      return false;
    });
    const found = matrix as SyntaxNode | null;
    if (!found?.firstChild) return;
    windows.push({
      offset: found.from,
      matrix: text(source, found),
      selector: text(source, found.firstChild),
      fn,
    });
  });
  const out: Finding[] = [];
  for (const window of windows) {
    const movedQuery = `count(changes(${window.matrix}) > 0)`;
    const presentQuery = `count(count_over_time(${window.matrix}))`;
    const count = async (query: string) =>
      Number(instantSamples(await client.query(query, time), query)[0]?.value ?? 0);
    const series = await count(presentQuery);
    if (series > 0 && (await count(movedQuery)) === 0) {
      out.push(
        finding(
          window.offset,
          'flat-counter',
          'warning',
          `${window.selector} is present (${series} series) but never incremented in \`${window.matrix}\`: ${window.fn}() of it is 0 now, and a ratio of two such counters is 0/0 (NaN), which fails every comparison`,
        ),
      );
    }
  }
  return out;
}

function valuesOf(series: Labels[], label: string): string {
  const values = [
    ...new Set(series.map((labels) => labels[label]).filter((value) => value !== undefined)),
  ];
  const shown = values.slice(0, 5).map((value) => JSON.stringify(value));
  return `{${shown.join(', ')}${values.length > 5 ? ', …' : ''}}`;
}
