// Time-scale rewriting of PromQL. Every duration in the grammar (range selectors `[5m]`,
// subquery range and resolution `[5m:30s]`, `offset 5m`) is a `Duration` node; each is
// replaced at its own source position, so strings, `@` timestamps, comments and spacing
// stay byte-for-byte as written.

import { parsePromQL } from './parse.js';
import { assertFactor, scaleDurationText } from './duration.js';
import { applyEdits } from './edits.js';
import type { SourceEdit } from './edits.js';

/** `scaleExpression('rate(x[5m])', 0.1)` is `'rate(x[30s])'`; throws PromQLSyntaxError. */
export function scaleExpression(expr: string, factor: number): string {
  assertFactor(factor);
  const { tree } = parsePromQL(expr);
  const edits: SourceEdit[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'Duration') return;
      const original = expr.slice(ref.from, ref.to);
      edits.push({ from: ref.from, to: ref.to, insert: scaleDurationText(original, factor) });
    },
  });
  return applyEdits(expr, edits);
}
