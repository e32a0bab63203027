// A rule file rewritten for a compressed drill: every PromQL range and offset, every
// `for`/`keep_firing_for` and every group `interval` multiplied by the time-scale factor.
// The YAML document is edited in place, so comments, order and quoting survive.

import { isScalar } from 'yaml';
import type { RulesFile } from './rules-file.js';
import { assertFactor, scaleDurationText } from './promql/duration.js';
import { scaleExpression } from './promql/scale.js';

/** The rewritten rules file's text, with a header saying from what and by which factor. */
export function scaleRules(file: RulesFile, factor: number): string {
  assertFactor(factor);
  const document = file.document.clone();
  const rewrite = (segments: (string | number)[], scale: (text: string) => string) => {
    const node = document.getIn(segments, true);
    if (!isScalar(node) || node.value === null || node.value === undefined) return;
    node.value = scale(String(node.value));
  };
  for (const group of file.groups) {
    rewrite([...group.segments, 'interval'], (text) => scaleDurationText(text, factor));
    for (const rule of group.rules) {
      rewrite([...rule.segments, 'expr'], (text) => scaleExpression(text, factor));
      rewrite([...rule.segments, 'for'], (text) => scaleDurationText(text, factor));
      rewrite([...rule.segments, 'keep_firing_for'], (text) => scaleDurationText(text, factor));
    }
  }
  const header = [
    ` Rewritten by tickstorm-chaos from ${file.path} with time scale ${factor}:`,
    ' PromQL ranges and offsets, for, keep_firing_for and group intervals multiplied by',
    ` ${factor} (rounded to whole milliseconds, at least 1 ms). Do not edit; edit the original.`,
  ].join('\n');
  document.commentBefore = document.commentBefore
    ? `${header}\n\n${document.commentBefore}`
    : header;
  return document.toString({ lineWidth: 0 });
}
