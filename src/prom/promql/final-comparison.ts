// The threshold at the end of an alert or verification expression (`… > 0.5`). Stripping
// it gives the value being compared, so "returned nothing" can be told apart from
// "returned a value that failed the threshold" (verification never passes vacuously).

import { parsePromQL } from './parse.js';
import { binaryParts, COMPARISON_OPS, constantNumber, text, unwrapParens } from './tree.js';
import type { ComparisonOp } from './tree.js';

export type { ComparisonOp } from './tree.js';

export interface FinalComparison {
  /** Source text of the compared side, exactly as written. */
  value: string;
  op: ComparisonOp;
  threshold: number;
  /** Where the threshold literal stands: `value > 0.5` is 'right', `0.5 < value` is 'left'. */
  side: 'left' | 'right';
}

/**
 * When the top-level expression (through parentheses) is a filtering comparison (no
 * `bool`) with a number literal on one side, its parts; otherwise null. Throws
 * PromQLSyntaxError on unparsable input.
 */
export function stripFinalComparison(expr: string): FinalComparison | null {
  const { root } = parsePromQL(expr);
  const parts = binaryParts(unwrapParens(root));
  if (!parts || parts.kind !== 'comparison' || parts.bool) return null;
  const op = COMPARISON_OPS[parts.operator.name]!;
  const left = constantNumber(expr, parts.lhs);
  const right = constantNumber(expr, parts.rhs);
  if (right !== undefined && left === undefined) {
    return { value: text(expr, parts.lhs), op, threshold: right, side: 'right' };
  }
  if (left !== undefined && right === undefined) {
    return { value: text(expr, parts.rhs), op, threshold: left, side: 'left' };
  }
  return null;
}

/** Whether a sample value survives the comparison, as Prometheus filters it (NaN never does, except `!=`). */
export function comparisonKeeps(comparison: FinalComparison, value: number): boolean {
  const [a, b] =
    comparison.side === 'right' ? [value, comparison.threshold] : [comparison.threshold, value];
  switch (comparison.op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/** `value > 0.5` or `0.5 < value`, for explanations. */
export function describeComparison(comparison: FinalComparison, value = 'value'): string {
  return comparison.side === 'right'
    ? `${value} ${comparison.op} ${comparison.threshold}`
    : `${comparison.threshold} ${comparison.op} ${value}`;
}
