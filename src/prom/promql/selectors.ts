// The instant-vector selectors an expression reads (`metric{label="x"}`, also inside
// range selectors): preflight checks each has series before a drill waits on an alert,
// and the drop rate tells its numerator's from the rest.

import type { SyntaxNode } from '@lezer/common';
import { parsePromQL } from './parse.js';
import { binaryParts, unwrapParens } from './tree.js';

function selectorsUnder(node: SyntaxNode, source: string): string[] {
  const found: string[] = [];
  node.cursor().iterate((ref) => {
    if (ref.name !== 'VectorSelector') return;
    found.push(source.slice(ref.from, ref.to));
    return false;
  });
  return [...new Set(found)];
}

/** Each distinct vector selector's source text, in source order. */
export function vectorSelectors(expr: string): string[] {
  const { tree, source } = parsePromQL(expr);
  return selectorsUnder(tree.topNode, source);
}

/**
 * The selectors of the dividend of the outermost division (`A / B * 100` → A's): a ratio's
 * numerator. Empty when the expression divides nothing.
 */
export function numeratorSelectors(expr: string): string[] {
  const { tree, source } = parsePromQL(expr);
  const queue: SyntaxNode[] = [tree.topNode];
  while (queue.length > 0) {
    const node = unwrapParens(queue.shift()!);
    const parts = binaryParts(node);
    if (parts?.operator.name === 'Div') return selectorsUnder(parts.lhs, source);
    if (parts) queue.push(parts.lhs, parts.rhs);
    else for (let child = node.firstChild; child; child = child.nextSibling) queue.push(child);
  }
  return [];
}
