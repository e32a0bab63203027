// The range windows of an expression (`rate(x[5m])`, `max_over_time(y[1h:30s])`): what the
// drill plan sizes its baseline by, and what lint holds against the scrape interval.

import type { SyntaxNode } from '@lezer/common';
import { parsePromQL } from './parse.js';
import { parseDuration } from './duration.js';
import { children, text } from './tree.js';

export interface RangeWindow {
  /** A range selector `x[5m]` or a subquery `expr[1h:30s]`. */
  kind: 'range' | 'subquery';
  /** The window as written, and in milliseconds. */
  duration: string;
  ms: number;
  /** A subquery's resolution, when given. */
  resolutionMs?: number;
  /** The function the window is an argument of (`rate`), if any. */
  functionName?: string;
  /** Offsets of the whole selector or subquery in the expression. */
  from: number;
  to: number;
  /** Offsets of the window's duration (`5m`). */
  durationFrom: number;
  durationTo: number;
}

/** Every range window, in source order; throws PromQLSyntaxError. */
export function rangeWindows(expr: string): RangeWindow[] {
  const { tree } = parsePromQL(expr);
  const windows: RangeWindow[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'MatrixSelector' && ref.name !== 'SubqueryExpr') return;
      const node = ref.node;
      const durations = children(node).filter((child) => child.name === 'Duration');
      const [range, resolution] = durations;
      if (!range) return;
      windows.push({
        kind: ref.name === 'MatrixSelector' ? 'range' : 'subquery',
        duration: text(expr, range),
        ms: parseDuration(text(expr, range)),
        ...(resolution ? { resolutionMs: parseDuration(text(expr, resolution)) } : {}),
        ...(enclosingFunction(expr, node) ? { functionName: enclosingFunction(expr, node) } : {}),
        from: node.from,
        to: node.to,
        durationFrom: range.from,
        durationTo: range.to,
      });
    },
  });
  return windows;
}

/** The largest range window in milliseconds, or null when the expression has none. */
export function largestRangeWindowMs(expr: string): number | null {
  const windows = rangeWindows(expr);
  return windows.length === 0 ? null : Math.max(...windows.map((window) => window.ms));
}

// The window is a direct argument: FunctionCallBody > (OffsetExpr|StepInvariantExpr)* > window.
function enclosingFunction(expr: string, node: SyntaxNode): string | undefined {
  let current = node.parent;
  while (current && (current.name === 'OffsetExpr' || current.name === 'StepInvariantExpr'))
    current = current.parent;
  if (current?.name !== 'FunctionCallBody' || current.parent?.name !== 'FunctionCall')
    return undefined;
  const identifier = current.parent.firstChild;
  return identifier ? text(expr, identifier) : undefined;
}
