// `A unless B` that removes every series A could return: both sides reduce to the empty
// label set (aggregated to no labels, or compared `on()`), and B reads the very series A
// reads (the same function over the same window of the same metric, B's matchers a subset
// of A's), so B has a value whenever A does, and `unless` then drops it. Certainly dead.

import type { SyntaxNode } from '@lezer/common';
import type { LabelKnowledge, MatchingClause } from './label-sets.js';
import { selectorParts } from './matchers.js';
import { text, unwrapParens } from './tree.js';

/** Aggregations that return a series whenever their input has one (not topk, quantile…). */
const NEVER_EMPTYING = new Set(['sum', 'count', 'max', 'min', 'avg', 'group', 'stddev', 'stdvar']);

/** What a side reads: one selector under aggregations and at most one range function. */
interface Reading {
  fn: string | null;
  window: string | null;
  metric: string;
  matchers: Set<string>;
}

/** The proof in words when `unless` certainly removes everything, else null. */
export function unlessRemovesAll(
  expr: string,
  lhs: SyntaxNode,
  rhs: SyntaxNode,
  left: LabelKnowledge,
  right: LabelKnowledge,
  clause: MatchingClause | undefined,
): string | null {
  const relevant = (label: string) =>
    clause?.on ? clause.labels.includes(label) : !clause?.labels.includes(label);
  const emptySignature = (side: LabelKnowledge) =>
    (clause?.on === true && clause.labels.length === 0) ||
    (side.atMost !== null && [...side.atMost].every((label) => !relevant(label)));
  if (!emptySignature(left) || !emptySignature(right)) return null;
  const a = reading(expr, lhs);
  const b = reading(expr, rhs);
  if (!a || !b) return null;
  const same =
    a.fn === b.fn &&
    a.window === b.window &&
    a.metric === b.metric &&
    [...b.matchers].every((matcher) => a.matchers.has(matcher));
  if (!same) return null;
  return `both sides have no labels to match on, and the right side reads ${a.metric}${b.matchers.size > 0 ? ` {${[...b.matchers].join(', ')}}` : ''}${a.fn ? ` through ${a.fn}[${a.window}]` : ''}, every series the left side reads, so it has a value whenever the left side does and \`unless\` removes it`;
}

function reading(expr: string, node: SyntaxNode): Reading | null {
  let current = unwrapParens(node);
  let fn: string | null = null;
  let window: string | null = null;
  for (let depth = 0; depth < 64; depth++) {
    if (current.name === 'AggregateExpr') {
      const op = current.getChild('AggregateOp');
      if (!op || !NEVER_EMPTYING.has(text(expr, op).toLowerCase())) return null;
      const body = current.getChild('FunctionCallBody')?.firstChild;
      if (!body) return null;
      current = unwrapParens(body);
      continue;
    }
    if (current.name === 'FunctionCall' && fn === null) {
      const name = current.getChild('FunctionIdentifier');
      const args = current.getChild('FunctionCallBody');
      const only = args?.firstChild;
      if (!name || !only || only.nextSibling) return null;
      const matrix = unwrapParens(only);
      if (matrix.name !== 'MatrixSelector') return null;
      fn = text(expr, name);
      window = text(expr, matrix.getChild('Duration')!);
      current = matrix.getChild('VectorSelector')!;
      continue;
    }
    if (current.name !== 'VectorSelector') return null;
    const parts = selectorParts(expr, current);
    if (parts.metric === undefined) return null;
    const matchers = new Set(
      parts.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`),
    );
    return { fn, window, metric: parts.metric, matchers };
  }
  return null;
}
