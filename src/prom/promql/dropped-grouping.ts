// An aggregation that groups `by` a label its input can no longer carry, because an inner
// aggregation (or a selector's `label=""`) already dropped it: the `by` does nothing, and
// the result lacks the label the writer meant to keep (`sum by (job) (sum by (instance) (…))`).

import { cannotCarry, knowledgeMemo, labelKnowledge } from './label-sets.js';
import { parsePromQL } from './parse.js';
import { children, text } from './tree.js';

export interface DroppedGrouping {
  /** Offset of the aggregation in the expression. */
  offset: number;
  labels: string[];
  explanation: string;
}

/** Throws PromQLSyntaxError. */
export function droppedGroupings(expr: string): DroppedGrouping[] {
  const { tree, root } = parsePromQL(expr);
  const memo = knowledgeMemo(expr, root);
  const found: DroppedGrouping[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'AggregateExpr') return;
      const node = ref.node;
      const modifier = node.getChild('AggregateModifier');
      if (!modifier || modifier.firstChild?.name === 'Without') return;
      const grouping = (modifier.getChild('GroupingLabels')?.getChildren('LabelName') ?? []).map(
        (label) => text(expr, label),
      );
      const args = children(node.getChild('FunctionCallBody')!).filter((arg) => !arg.type.isError);
      const input = args[args.length - 1];
      if (!input) return;
      const knowledge = labelKnowledge(expr, input, undefined, memo);
      const dropped = grouping.filter((label) => cannotCarry(knowledge, label));
      if (dropped.length === 0) return;
      const inner = text(expr, input).replace(/\s+/g, ' ');
      const shown = inner.length > 60 ? `${inner.slice(0, 57)}…` : inner;
      const op = text(expr, node.firstChild!);
      found.push({
        offset: node.from,
        labels: dropped,
        explanation: `${op} by (${grouping.join(', ')}) groups by ${dropped.join(', ')}, which its input \`${shown}\` can no longer carry (it keeps at most {${[...(knowledge.atMost ?? [])].sort().join(', ')}}): the result has no ${dropped.join(' or ')} label`,
      });
    },
  });
  return found;
}
