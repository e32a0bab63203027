// Binary operations between two instant vectors whose label sets can never match
// one-to-one: the published drop-rate rule divides a series carrying `error_type` by one
// that does not, with nothing (`on`, `ignoring`, an aggregation) to reconcile them.

import type { SyntaxNode } from '@lezer/common';
import { parsePromQL } from './parse.js';
import { applyEdits } from './edits.js';
import { cannotCarry, knowledgeMemo, labelKnowledge, matchingClause } from './label-sets.js';
import type { KnowledgeMemo, LabelKnowledge, MatchingClause, SeriesLookup } from './label-sets.js';
import { binaryParts, text } from './tree.js';
import { unlessRemovesAll } from './unless-implied.js';
import type { BinaryParts } from './tree.js';

export interface MatchingProblem {
  /** Offset of the operator in the expression. */
  offset: number;
  operator: string;
  /** 'certain': the label sets are known (aggregation, or real series); 'likely': inferred from matchers. */
  certainty: 'certain' | 'likely';
  /** Labels that only one side carries. */
  differing: string[];
  explanation: string;
  /** Whole corrected expressions, best first. */
  suggestions: string[];
}

/** Every vector-to-vector operation in `expr` that pairs nothing; throws PromQLSyntaxError. */
export function vectorMatchingProblems(expr: string, lookup?: SeriesLookup): MatchingProblem[] {
  const { tree, root } = parsePromQL(expr);
  const memo = knowledgeMemo(expr, root, lookup);
  const problems: MatchingProblem[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'BinaryExpr') return;
      const problem = matchingProblem(expr, ref.node, lookup, memo);
      if (problem) problems.push(problem);
    },
  });
  return problems;
}

function matchingProblem(
  expr: string,
  node: SyntaxNode,
  lookup: SeriesLookup | undefined,
  memo: KnowledgeMemo,
): MatchingProblem | null {
  const parts = binaryParts(node);
  // `and` pairs like arithmetic (it keeps left series with a match); `or` and `unless`
  // return the left side when nothing pairs, so a failure to pair is not their death;
  // `unless` dies the other way, when everything pairs (unless-implied.ts).
  const unless = parts?.operator.name === 'Unless';
  if (!parts || (parts.kind === 'set' && parts.operator.name !== 'And' && !unless)) return null;
  const left = labelKnowledge(expr, parts.lhs, lookup, memo);
  const right = labelKnowledge(expr, parts.rhs, lookup, memo);
  if (left.type !== 'vector' || right.type !== 'vector') return null;
  const clause = parts.matching ? matchingClause(expr, parts.matching) : undefined;
  const operator = text(expr, parts.operator);
  if (unless) {
    const proof = unlessRemovesAll(expr, parts.lhs, parts.rhs, left, right, clause);
    if (!proof) return null;
    return {
      offset: parts.operator.from,
      operator,
      certainty: 'certain',
      differing: [],
      explanation: `${sideText(expr, parts.lhs)} unless ${sideText(expr, parts.rhs)}: ${proof}; it returns no series at any value`,
      suggestions: [],
    };
  }
  const relevant = (label: string) =>
    clause?.on ? clause.labels.includes(label) : !clause?.labels.includes(label);
  const sides = { left: sideText(expr, parts.lhs), right: sideText(expr, parts.rhs) };

  const carriedOnlyBy = (one: LabelKnowledge, other: LabelKnowledge) =>
    [...one.always].filter((label) => relevant(label) && cannotCarry(other, label));
  const leftOnly = carriedOnlyBy(left, right);
  const rightOnly = carriedOnlyBy(right, left);
  if (leftOnly.length + rightOnly.length > 0) {
    const differing = [...leftOnly, ...rightOnly];
    const reasons = [
      ...leftOnly.map((label) => describeOneSided('left', label, left, right)),
      ...rightOnly.map((label) => describeOneSided('right', label, right, left)),
    ];
    return {
      offset: parts.operator.from,
      operator,
      certainty: 'certain',
      differing,
      explanation: `${sides.left} ${operator} ${sides.right} matches series one-to-one on ${clause?.on ? `on (${clause.labels.join(', ')})` : 'all their labels'}, but ${reasons.join('; ')}; no pair matches, so \`${operator}\` returns no series at any value`,
      suggestions: [
        ...sameAggregation(expr, parts, left, right),
        ...labelSuggestions(expr, parts, clause, differing, left, right),
      ],
    };
  }
  // Both sides aggregated to label sets that differ: they pair only where the series lack
  // every label one side groups by and the other cannot carry (`count by (x)` over `count by (y)`).
  // For `and` too: an aggregated filter keyed on other labels than its subject is as suspect.
  if (left.atMost !== null && right.atMost !== null && !clause?.group) {
    const onlyIn = (one: Set<string>, other: Set<string>) =>
      [...one].filter((label) => relevant(label) && !other.has(label));
    const differing = [...onlyIn(left.atMost, right.atMost), ...onlyIn(right.atMost, left.atMost)];
    if (differing.length > 0) {
      return {
        offset: parts.operator.from,
        operator,
        certainty: 'likely',
        differing,
        explanation: `${sides.left} ${operator} ${sides.right}: the left side keeps at most {${[...left.atMost].sort().join(', ')}} and the right side at most {${[...right.atMost].sort().join(', ')}}; they pair only where the series carry none of ${differing.join(', ')}, so as written \`${operator}\` very likely returns no series`,
        suggestions: labelSuggestions(expr, parts, clause, differing, left, right),
      };
    }
  }
  // Otherwise `and` is often a filter on labels the writer knows exist: only a proof counts there.
  if (parts.kind === 'set') return null;

  if (clause?.on && !clause.group) {
    // One-to-one on a few labels: a side that can hold several series with the same values
    // of them makes Prometheus refuse the evaluation (duplicate series / many-to-many).
    const loose = (side: LabelKnowledge) =>
      side.atMost === null
        ? ['any label']
        : [...side.atMost].filter((l) => !clause.labels.includes(l));
    const [l, r] = [loose(left), loose(right)];
    if (l.length > 0 || r.length > 0) {
      const which =
        l.length > 0 && r.length > 0
          ? 'either side'
          : l.length > 0
            ? 'the left side'
            : 'the right side';
      return {
        offset: parts.operator.from,
        operator,
        certainty: 'likely',
        differing: [],
        explanation: `${sides.left} ${operator} on(${clause.labels.join(', ')}) ${sides.right} matches one-to-one on (${clause.labels.join(', ')}) only, but ${which} can hold several series with the same ${clause.labels.length > 0 ? clause.labels.join(', ') : 'empty label set'} (it keeps ${l.length > 0 ? l.join(', ') : r.join(', ')} too); where it does, Prometheus refuses the evaluation (duplicate series for the match group, or many-to-one matching without group_left/group_right)`,
        suggestions: [],
      };
    }
  }
  if (clause?.on || clause?.group) return null;

  // Static inference: a matcher on one side that the other side never mentions.
  const unmentioned = (one: LabelKnowledge, other: LabelKnowledge) =>
    [...one.always].filter(
      (label) =>
        relevant(label) &&
        one.reasons.get(label)?.startsWith('matcher') &&
        other.atMost === null &&
        !other.always.has(label) &&
        !other.mentioned.has(label) &&
        other.metrics.size > 0 &&
        ![...other.metrics].some((metric) => one.metrics.has(metric)),
    );
  const leftMatchers = unmentioned(left, right);
  const rightMatchers = unmentioned(right, left);
  if (leftMatchers.length + rightMatchers.length > 0) {
    const differing = [...leftMatchers, ...rightMatchers];
    const [carrier, other] = leftMatchers.length > 0 ? [left, right] : [right, left];
    const label = differing[0]!;
    return {
      offset: parts.operator.from,
      operator,
      certainty: 'likely',
      differing,
      explanation: `${sides.left} ${operator} ${sides.right} matches series one-to-one on all their labels; the ${carrier === left ? 'left' : 'right'} side carries ${label} (${carrier.reasons.get(label)}) but the ${other === left ? 'left' : 'right'} side (${[...other.metrics].join(', ')}) neither selects nor aggregates it, so unless those series carry ${label} too, \`${operator}\` returns no series; run with --prometheus to check against the real series`,
      suggestions: labelSuggestions(expr, parts, clause, differing, left, right),
    };
  }

  // One side aggregated to a few labels, the other keeping every label of raw series.
  const aggregated =
    left.atMost !== null && right.atMost === null
      ? 'left'
      : right.atMost !== null && left.atMost === null
        ? 'right'
        : null;
  if (!aggregated) return null;
  const [bounded, raw, rawNode] =
    aggregated === 'left' ? [left, right, parts.rhs] : [right, left, parts.lhs];
  if (raw.metrics.size === 0) return null;
  const keep = [...bounded.atMost!].sort();
  const suggestion =
    keep.length > 0
      ? applyEdits(expr, [wrap(expr, rawNode, `sum by (${keep.join(', ')})`)])
      : undefined;
  return {
    offset: parts.operator.from,
    operator,
    certainty: 'likely',
    differing: [],
    explanation: `${sides.left} ${operator} ${sides.right}: the ${aggregated} side keeps only {${keep.join(', ')}} but the other side keeps every label of ${[...raw.metrics].join(', ')} (scraped series carry at least job and instance), so one-to-one matching very likely pairs nothing; aggregate both sides to the same labels`,
    suggestions: suggestion ? [suggestion] : [],
  };
}

/** One side aggregated, the other raw: aggregate the raw side the same way (the likeliest intent). */
function sameAggregation(
  expr: string,
  parts: BinaryParts,
  left: LabelKnowledge,
  right: LabelKnowledge,
): string[] {
  const [bounded, rawNode] =
    left.atMost !== null && right.atMost === null
      ? [left, parts.rhs]
      : right.atMost !== null && left.atMost === null
        ? [right, parts.lhs]
        : [null, null];
  if (!bounded || bounded.atMost!.size === 0) return [];
  const keep = [...bounded.atMost!].sort();
  return [applyEdits(expr, [wrap(expr, rawNode!, `sum by (${keep.join(', ')})`)])];
}

function describeOneSided(
  side: 'left' | 'right',
  label: string,
  carrier: LabelKnowledge,
  other: LabelKnowledge,
): string {
  const otherSide = side === 'left' ? 'right' : 'left';
  const why = carrier.reasons.get(label) ?? 'its input';
  const otherLabels = other.atMost ? `{${[...other.atMost].sort().join(', ')}}` : undefined;
  const because = !otherLabels
    ? `${label} is aggregated away`
    : other.observed
      ? `its series in Prometheus carry only ${otherLabels}`
      : `it is aggregated to ${otherLabels}`;
  return `the ${side} side always carries ${label} (${why}) and the ${otherSide} side never does (${because})`;
}

// Fixes, as whole expressions: ignore the differing labels, or sum both sides by the labels they share.
function labelSuggestions(
  expr: string,
  parts: BinaryParts,
  clause: MatchingClause | undefined,
  differing: string[],
  left: LabelKnowledge,
  right: LabelKnowledge,
): string[] {
  const suggestions: string[] = [];
  if (!clause) {
    const after = parts.bool ? parts.operator.nextSibling! : parts.operator;
    suggestions.push(
      applyEdits(expr, [
        { from: after.to, to: after.to, insert: ` ignoring(${differing.join(', ')})` },
      ]),
    );
  } else {
    const grouping = parts.matching!.getChild('GroupingLabels')!;
    const labels = clause.on
      ? clause.labels.filter((label) => !differing.includes(label))
      : [...new Set([...clause.labels, ...differing])];
    suggestions.push(
      applyEdits(expr, [
        { from: grouping.from, to: grouping.to, insert: `(${labels.join(', ')})` },
      ]),
    );
  }
  const shared = [...left.always]
    .filter((label) => right.always.has(label) && !differing.includes(label))
    .sort();
  if (shared.length > 0 && !clause?.group) {
    const by = `sum by (${shared.join(', ')})`;
    suggestions.push(applyEdits(expr, [wrap(expr, parts.lhs, by), wrap(expr, parts.rhs, by)]));
  }
  return suggestions;
}

function wrap(expr: string, node: SyntaxNode, aggregation: string) {
  return { from: node.from, to: node.to, insert: `${aggregation} (${text(expr, node)})` };
}

function sideText(expr: string, node: SyntaxNode): string {
  const source = text(expr, node).replace(/\s+/g, ' ');
  return `\`${source.length > 80 ? `${source.slice(0, 77)}…` : source}\``;
}
