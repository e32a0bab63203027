// The instant-vector selectors an expression reads (`metric{label="x"}`, also inside
// range selectors): preflight checks each has series before a drill waits on an alert.

import { parsePromQL } from './parse.js';

/** Each distinct vector selector's source text, in source order. */
export function vectorSelectors(expr: string): string[] {
  const { tree, source } = parsePromQL(expr);
  const found: string[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'VectorSelector') return;
      found.push(source.slice(ref.from, ref.to));
      return false;
    },
  });
  return [...new Set(found)];
}
