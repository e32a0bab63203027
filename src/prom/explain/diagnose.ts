// Where and why series vanish: the first node (children first, left to right) that is
// empty although its operands are not, with the cause named: an absent metric, a label
// filter, vector matching (naming the labels that differ), a comparison, NaN.

import type { Labels } from '../api-types.js';
import { formatLabels } from '../api-types.js';
import type { PrometheusClient } from '../client.js';
import { matchingClause } from '../promql/label-sets.js';
import type { MatchingClause } from '../promql/label-sets.js';
import { selectorParts } from '../promql/matchers.js';
import { binaryParts, text } from '../promql/tree.js';
import { instantSamples } from '../verification.js';
import type { ExplainNode } from './explain-tree.js';

export type VanishCause =
  | 'absent-metric'
  | 'label-filter'
  | 'range-window'
  | 'function'
  | 'vector-matching'
  | 'comparison'
  | 'set-operation'
  | 'error';

export interface Vanishing {
  node: ExplainNode;
  cause: VanishCause;
  reason: string;
}

export async function findVanishing(
  client: PrometheusClient,
  tree: ExplainNode,
  time: Date,
  source: string,
): Promise<Vanishing | undefined> {
  for (const child of tree.children) {
    const found = await findVanishing(client, child, time, source);
    if (found) return found;
  }
  const result = tree.result;
  if (!result) return undefined;
  if (result.error)
    return {
      node: tree,
      cause: 'error',
      reason: `Prometheus could not evaluate it: ${result.error}`,
    };
  if (result.series > 0 || (result.type !== 'vector' && result.type !== 'matrix')) return undefined;
  const operands = tree.children.filter(
    (child) => child.result?.type === 'vector' || child.result?.type === 'matrix',
  );
  if (operands.some((child) => (child.result?.series ?? 0) === 0)) return undefined;
  return { node: tree, ...(await causeOf(client, tree, time, source)) };
}

/** The first node whose values are all NaN although no operand's are. */
export function findNaN(tree: ExplainNode): ExplainNode | undefined {
  for (const child of tree.children) {
    const found = findNaN(child);
    if (found) return found;
  }
  const allNaN = (node: ExplainNode) =>
    (node.result?.samples.length ?? 0) > 0 &&
    node.result!.samples.every((sample) => Number.isNaN(sample.value));
  return allNaN(tree) && !tree.children.some(allNaN) ? tree : undefined;
}

async function causeOf(
  client: PrometheusClient,
  tree: ExplainNode,
  time: Date,
  source: string,
): Promise<Omit<Vanishing, 'node'>> {
  switch (tree.kind) {
    case 'VectorSelector':
      return selectorCause(client, tree, time, source);
    case 'MatrixSelector':
      return {
        cause: 'range-window',
        reason: `its series exist at ${time.toISOString()} but have no samples within the range window`,
      };
    case 'FunctionCall': {
      const name = text(source, tree.node.firstChild!);
      const needsTwo = ['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv'].includes(name);
      return {
        cause: 'function',
        reason: needsTwo
          ? `${name}() needs at least two samples per series in its window, and the series have fewer (${describePoints(tree)}); widen the window or scrape more often`
          : `${name}() returned nothing for non-empty input`,
      };
    }
    case 'BinaryExpr':
      return binaryCause(tree, source);
    default:
      return { cause: 'function', reason: 'it returned nothing although its operands did not' };
  }
}

async function selectorCause(
  client: PrometheusClient,
  tree: ExplainNode,
  time: Date,
  source: string,
): Promise<Omit<Vanishing, 'node'>> {
  const { metric, matchers } = selectorParts(source, tree.node);
  const count = async (query: string) => instantSamples(await client.query(query, time), query);
  if (metric) {
    const now = await count(`count by (__name__) ({__name__=${JSON.stringify(metric)}})`);
    if (now.length === 0) {
      const ever = await client.series([`{__name__=${JSON.stringify(metric)}}`]);
      return {
        cause: 'absent-metric',
        reason:
          ever.length === 0
            ? `metric ${metric} has no series at all in Prometheus: nothing exports it (or nothing increments it)`
            : `metric ${metric} has ${ever.length} series in storage but none at ${time.toISOString()}: the target stopped exporting it`,
      };
    }
  }
  // Each matcher alone, with the metric: the one that leaves nothing is the filter to blame.
  const selector = (...parts: string[]) =>
    `{${[...(metric ? [`__name__=${JSON.stringify(metric)}`] : []), ...parts].join(', ')}}`;
  for (const matcher of matchers) {
    const alone = await count(
      `count(${selector(`${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`)})`,
    );
    if (alone.length > 0) continue;
    const values = await count(`count by (${matcher.name}) (${selector(`${matcher.name}!=""`)})`);
    const seen = values
      .map((sample) => sample.labels[matcher.name])
      .filter((value): value is string => value !== undefined);
    const filter = `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
    return {
      cause: 'label-filter',
      reason:
        seen.length === 0
          ? `label filter ${filter}: no series of ${metric ?? 'the selector'} carries a label ${matcher.name}`
          : `label filter ${filter} removes every series; ${matcher.name} has the values ${seen
              .slice(0, 5)
              .map((value) => JSON.stringify(value))
              .join(', ')}${seen.length > 5 ? ', …' : ''}`,
    };
  }
  return { cause: 'label-filter', reason: 'its label matchers together select no series' };
}

function binaryCause(tree: ExplainNode, source: string): Omit<Vanishing, 'node'> {
  const parts = binaryParts(tree.node)!;
  const [left, right] = tree.children;
  const op = text(source, parts.operator);
  const leftSamples = left?.result?.samples ?? [];
  const rightSamples = right?.result?.samples ?? [];
  const scalarSide =
    left?.result?.type === 'scalar'
      ? 'left'
      : right?.result?.type === 'scalar'
        ? 'right'
        : undefined;
  if (scalarSide) {
    const values = scalarSide === 'left' ? rightSamples : leftSamples;
    const threshold = (scalarSide === 'left' ? leftSamples : rightSamples)[0]?.value;
    const allNaN = values.every((sample) => Number.isNaN(sample.value));
    return {
      cause: 'comparison',
      reason: allNaN
        ? `comparison ${op} ${threshold} filtered all ${values.length} series: their values are NaN (0/0), and NaN fails every comparison`
        : `comparison ${op} ${threshold} filtered all ${values.length} series; their values: ${listValues(values)}`,
    };
  }
  const clause = parts.matching ? matchingClause(source, parts.matching) : undefined;
  if (parts.kind === 'set') {
    return {
      cause: 'set-operation',
      reason:
        op === 'unless'
          ? `every left series has a matching right series, so \`unless\` removes all`
          : `no left series has a matching right series: ${matchingDifference(leftSamples, rightSamples, clause)}`,
    };
  }
  const pairs = matchingDifference(leftSamples, rightSamples, clause);
  if (pairs === '') {
    return {
      cause: 'comparison',
      reason: `comparison ${op} filtered every matched pair; left values: ${listValues(leftSamples)}; right values: ${listValues(rightSamples)}`,
    };
  }
  return {
    cause: 'vector-matching',
    reason: `vector matching on \`${op}\` paired nothing: ${pairs}`,
  };
}

/**
 * Why one-to-one matching pairs nothing, from the real label sets: labels only one side
 * carries, or labels whose values never coincide. Empty when some pair does match.
 */
export function matchingDifference(
  left: { labels: Labels }[],
  right: { labels: Labels }[],
  clause?: MatchingClause,
): string {
  const relevant = (name: string) =>
    name !== '__name__' &&
    (clause?.on ? clause.labels.includes(name) : !clause?.labels.includes(name));
  const signature = (labels: Labels) =>
    formatLabels(
      Object.fromEntries(
        Object.entries(labels)
          .filter(([name]) => relevant(name))
          .sort(([a], [b]) => a.localeCompare(b)),
      ),
    );
  const rightSignatures = new Set(right.map((sample) => signature(sample.labels)));
  if (left.some((sample) => rightSignatures.has(signature(sample.labels)))) return '';
  const names = (samples: { labels: Labels }[]) =>
    new Set(samples.flatMap((sample) => Object.keys(sample.labels)).filter(relevant));
  const leftNames = names(left);
  const rightNames = names(right);
  const leftOnly = [...leftNames].filter((name) => !rightNames.has(name)).sort();
  const rightOnly = [...rightNames].filter((name) => !leftNames.has(name)).sort();
  if (leftOnly.length + rightOnly.length > 0) {
    const sides = [
      leftOnly.length > 0
        ? `the left side carries ${leftOnly.join(', ')} that the right side lacks`
        : '',
      rightOnly.length > 0
        ? `the right side carries ${rightOnly.join(', ')} that the left side lacks`
        : '',
    ].filter(Boolean);
    const differing = [...leftOnly, ...rightOnly];
    return `${sides.join('; ')} (left ${signature(left[0]!.labels)}, right ${signature(right[0]!.labels)}); use ignoring(${differing.join(', ')}) or aggregate both sides by the labels they share`;
  }
  const differing = [...leftNames].filter((name) => {
    const values = new Set(left.map((sample) => sample.labels[name]));
    return !right.some((sample) => values.has(sample.labels[name]));
  });
  return `the label values never coincide on ${differing.join(', ') || 'the matched labels'} (left ${signature(left[0]!.labels)}, right ${signature(right[0]!.labels)})`;
}

function listValues(samples: { labels: Labels; value: number }[]): string {
  const shown = samples
    .slice(0, 3)
    .map((sample) => `${formatLabels(sample.labels)} ${sample.value}`);
  return shown.join(', ') + (samples.length > 3 ? `, and ${samples.length - 3} more` : '');
}

function describePoints(tree: ExplainNode): string {
  const window = tree.children.find((child) => child.result?.type === 'matrix');
  const points = window?.result?.samples.map((sample) => sample.points ?? 0) ?? [];
  return points.length > 0
    ? `samples per series in the window: ${points.slice(0, 5).join(', ')}`
    : 'no range input seen';
}

/**
 * Why a node's values are NaN, in words: when both operands are 0 for every series, the
 * counters under them did not move in the window ("both counters flat"), named with the
 * series read; otherwise the generic 0/0.
 */
export function nanCause(node: ExplainNode): string {
  const zero = (child: ExplainNode) =>
    (child.result?.samples.length ?? 0) > 0 && child.result!.samples.every((s) => s.value === 0);
  if (node.children.length !== 2 || !node.children.every(zero))
    return '0/0: nothing in the window to divide';
  const leaves: ExplainNode[] = [];
  const collect = (n: ExplainNode) =>
    n.children.length === 0 ? leaves.push(n) : n.children.forEach(collect);
  node.children.forEach(collect);
  const read = leaves
    .filter((leaf) => leaf.result && leaf.result.series > 0)
    .map((leaf) => {
      const labels = leaf.result!.samples.slice(0, 3).map((s) => formatLabels(s.labels));
      return `\`${leaf.expr}\` (${leaf.result!.series} series: ${labels.join(', ')}${leaf.result!.series > 3 ? ', …' : ''})`;
    });
  return `0/0: both counters flat: both sides are 0 for every series, the counters under them did not move in the window${read.length > 0 ? `; series read: ${read.join('; ')}` : ''}`;
}
