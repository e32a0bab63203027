// `chaos explain`: evaluate an expression and each of its sub-expressions at one instant,
// and say where its series vanish and why.

import { formatLabels } from '../api-types.js';
import type { PrometheusClient } from '../client.js';
import { evaluateTree, explainTree } from './explain-tree.js';
import type { ExplainNode, NodeResult } from './explain-tree.js';
import { findNaN, findVanishing, nanCause } from './diagnose.js';
import type { Vanishing } from './diagnose.js';

export interface Explanation {
  expr: string;
  time: Date;
  prometheus: string;
  tree: ExplainNode;
  vanishing?: Vanishing;
  /** The first node whose values are all NaN. */
  nan?: ExplainNode;
  /** One line: what the expression returns, or where and why it returns nothing. */
  summary: string;
}

/** Throws PromQLSyntaxError on unparsable input and PrometheusError when Prometheus cannot be reached. */
export async function explain(
  client: PrometheusClient,
  expr: string,
  time = new Date(),
): Promise<Explanation> {
  const tree = explainTree(expr);
  await client.query('1', time); // fail fast, with the client's message, when Prometheus is unreachable
  await evaluateTree(client, tree, time);
  const vanishing = await findVanishing(client, tree, time, expr);
  const nan = findNaN(tree);
  const explanation: Explanation = { expr, time, prometheus: client.baseUrl, tree, summary: '' };
  if (vanishing) explanation.vanishing = vanishing;
  if (nan) explanation.nan = nan;
  explanation.summary = summarize(explanation);
  return explanation;
}

function summarize({ tree, vanishing, nan }: Explanation): string {
  const result = tree.result;
  const nanNote = nan
    ? `; values become NaN at \`${shorten(nan.expr, 60)}\` (${nanCause(nan)})`
    : '';
  if (vanishing)
    return `series vanish at \`${shorten(vanishing.node.expr, 80)}\`: ${vanishing.reason}${nanNote}`;
  if (!result) return 'nothing to evaluate';
  if (result.error) return `Prometheus could not evaluate it: ${result.error}`;
  return `it returns ${describeResult(result)}${nanNote}`;
}

export function renderExplanation(explanation: Explanation): string {
  const lines = [
    `${explanation.expr}`,
    `evaluated at ${explanation.time.toISOString()} against ${explanation.prometheus}`,
    '',
  ];
  const walk = (node: ExplainNode, depth: number) => {
    const indent = '  '.repeat(depth);
    const result = node.result;
    const mark = !result
      ? '·'
      : result.error ||
          (result.series === 0 && (result.type === 'vector' || result.type === 'matrix'))
        ? '✗'
        : '✓';
    lines.push(`${indent}${mark} ${shorten(node.expr, Math.max(40, 110 - indent.length))}`);
    if (result)
      lines.push(
        `${indent}    ${result.error ? `error: ${result.error}` : describeResult(result)}`,
      );
    if (explanation.vanishing?.node === node)
      lines.push(
        `${indent}    ◀ series vanish here (${explanation.vanishing.cause}): ${explanation.vanishing.reason}`,
      );
    if (explanation.nan === node)
      lines.push(`${indent}    ◀ values become NaN here (${nanCause(node)})`);
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(explanation.tree, 0);
  lines.push('', explanation.summary);
  return lines.join('\n');
}

function describeResult(result: NodeResult): string {
  if (result.type === 'scalar') return `scalar ${result.samples[0]?.value}`;
  if (result.type === 'string') return 'string';
  const kind = result.type === 'matrix' ? 'range series' : 'series';
  if (result.series === 0) return `0 ${kind}`;
  const shown = result.samples
    .slice(0, 2)
    .map(
      (sample) =>
        `${formatLabels(sample.labels)} ${result.type === 'matrix' ? `${sample.points} samples, last ${sample.value}` : sample.value}`,
    );
  return `${result.series} ${kind}: ${shown.join('; ')}${result.series > 2 ? '; …' : ''}`;
}

function shorten(text: string, max: number): string {
  const flat = text
    .split('\n')
    .map((line) => line.trim())
    .join(' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
