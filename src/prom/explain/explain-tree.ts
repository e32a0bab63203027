// The expression tree `chaos explain` walks: each sub-expression that Prometheus can
// evaluate on its own, with what it returned at one instant.

import type { SyntaxNode } from '@lezer/common';
import type { Labels, QueryResult } from '../api-types.js';
import type { PrometheusClient } from '../client.js';
import { parsePromQL } from '../promql/parse.js';
import { children, text } from '../promql/tree.js';

export interface NodeResult {
  type: QueryResult['resultType'];
  /** Series (vector, matrix) or 1 (scalar, string). */
  series: number;
  /** Each series' labels and value (for a matrix: its last value and the sample count). */
  samples: { labels: Labels; value: number; points?: number }[];
  error?: string;
}

export interface ExplainNode {
  expr: string;
  kind: string;
  from: number;
  to: number;
  node: SyntaxNode;
  children: ExplainNode[];
  result?: NodeResult;
}

const MAX_NODES = 100;

/** The tree of evaluable sub-expressions of `expr` (parentheses looked through). */
export function explainTree(expr: string): ExplainNode {
  const { root } = parsePromQL(expr);
  let count = 0;
  const build = (node: SyntaxNode): ExplainNode => {
    let inner = node;
    while (inner.name === 'ParenExpr' && inner.firstChild) inner = inner.firstChild;
    count++;
    const operands = count < MAX_NODES ? operandsOf(inner) : [];
    return {
      expr: text(expr, inner),
      kind: inner.name,
      from: inner.from,
      to: inner.to,
      node: inner,
      children: operands.map(build),
    };
  };
  return build(root);
}

/** Evaluates every node at `time`, children first. */
export async function evaluateTree(
  client: PrometheusClient,
  tree: ExplainNode,
  time: Date,
): Promise<void> {
  for (const child of tree.children) await evaluateTree(client, child, time);
  if (tree.kind === 'StringLiteral') return;
  try {
    tree.result = summarize(await client.query(tree.expr, time));
  } catch (error) {
    tree.result = { type: 'vector', series: 0, samples: [], error: (error as Error).message };
  }
}

function operandsOf(node: SyntaxNode): SyntaxNode[] {
  switch (node.name) {
    case 'BinaryExpr': {
      const parts = children(node);
      return [parts[0]!, parts[parts.length - 1]!];
    }
    case 'FunctionCall':
    case 'AggregateExpr':
      return children(node.getChild('FunctionCallBody') ?? node).filter((arg) => !arg.type.isError);
    case 'MatrixSelector':
    case 'SubqueryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
      return node.firstChild ? [node.firstChild] : [];
    case 'UnaryExpr':
      return node.lastChild ? [node.lastChild] : [];
    default:
      return [];
  }
}

function summarize(result: QueryResult): NodeResult {
  switch (result.resultType) {
    case 'vector':
      return {
        type: 'vector',
        series: result.samples.length,
        samples: result.samples.map(({ labels, value }) => ({ labels, value })),
      };
    case 'matrix':
      return {
        type: 'matrix',
        series: result.series.length,
        samples: result.series.map(({ labels, points }) => ({
          labels,
          value: points[points.length - 1]?.value ?? NaN,
          points: points.length,
        })),
      };
    case 'scalar':
      return { type: 'scalar', series: 1, samples: [{ labels: {}, value: result.value }] };
    case 'string':
      return { type: 'string', series: 1, samples: [] };
  }
}
