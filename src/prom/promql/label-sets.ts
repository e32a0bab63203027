// Which labels an expression's result series carry, as far as can be known: statically
// from matchers and aggregations, or from the real series of each selector when a
// Prometheus is at hand. Vector matching analysis (lint, explain) is built on this.

import type { SyntaxNode } from '@lezer/common';
import type { Labels } from '../api-types.js';
import { selectorParts, stringLiteralValue } from './matchers.js';
import { binaryParts, children, text, unwrapParens } from './tree.js';

export interface LabelKnowledge {
  type: 'vector' | 'matrix' | 'scalar' | 'string';
  /** Labels every result series carries (`__name__` left out). */
  always: Set<string>;
  /** The labels a result series can carry at most; null when unknown. */
  atMost: Set<string> | null;
  /** Labels no result series carries, when `atMost` is unknown. */
  never: Set<string>;
  /** Label names any matcher or grouping below mentions. */
  mentioned: Set<string>;
  /** Metric names read below. */
  metrics: Set<string>;
  /** Whether every selector below was resolved from real series. */
  observed: boolean;
  /** Why a label is in `always`: `matcher error_type="connection_dropped"`, `by (instance_id)`, `its series`. */
  reasons: Map<string, string>;
}

/** The real label sets of a selector's series (by the selector's source text), if known. */
export type SeriesLookup = (selector: string) => Labels[] | undefined;

export function cannotCarry(knowledge: LabelKnowledge, label: string): boolean {
  return knowledge.never.has(label) || (knowledge.atMost !== null && !knowledge.atMost.has(label));
}

/** Knowledge already worked out, by node: shared, so a long chain is walked once. */
export type KnowledgeMemo = Map<string, LabelKnowledge>;

const memoKey = (node: SyntaxNode) => `${node.from}:${node.to}:${node.type.id}`;

/**
 * Every node's knowledge, children first, so that no call recurses deeper than one level
 * (a chain of thousands of operands is thousands of nested nodes), into one memo.
 */
export function knowledgeMemo(
  source: string,
  root: SyntaxNode,
  lookup?: SeriesLookup,
): KnowledgeMemo {
  const memo: KnowledgeMemo = new Map();
  const cursor = root.cursor();
  // Post-order, without recursion: the cursor walks down and back up the tree.
  for (;;) {
    if (cursor.firstChild()) continue;
    for (;;) {
      labelKnowledge(source, cursor.node, lookup, memo);
      if (cursor.from === root.from && cursor.to === root.to && cursor.type.id === root.type.id)
        return memo;
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return memo;
    }
  }
}

export function labelKnowledge(
  source: string,
  node: SyntaxNode,
  lookup?: SeriesLookup,
  memo?: KnowledgeMemo,
): LabelKnowledge {
  const key = memo ? memoKey(node) : '';
  const known = memo?.get(key);
  if (known) return known;
  const result = computeKnowledge(source, node, lookup, memo);
  memo?.set(key, result);
  return result;
}

function computeKnowledge(
  source: string,
  node: SyntaxNode,
  lookup: SeriesLookup | undefined,
  memo: KnowledgeMemo | undefined,
): LabelKnowledge {
  const of = (child: SyntaxNode) => labelKnowledge(source, child, lookup, memo);
  const inner = unwrapParens(node);
  switch (inner.name) {
    case 'NumberLiteral':
      return blank('scalar', null);
    case 'StringLiteral':
      return blank('string', null);
    case 'VectorSelector':
      return selectorKnowledge(source, inner, lookup);
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return { ...of(inner.firstChild!), type: 'matrix' };
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'UnaryExpr':
      return of(inner.name === 'UnaryExpr' ? inner.lastChild! : inner.firstChild!);
    case 'FunctionCall':
      return functionKnowledge(source, inner, of);
    case 'AggregateExpr':
      return aggregateKnowledge(source, inner, of);
    case 'BinaryExpr':
      return binaryKnowledge(source, inner, of);
    default:
      return blank('vector', null);
  }
}

function blank(type: LabelKnowledge['type'], atMost: Set<string> | null): LabelKnowledge {
  return {
    type,
    always: new Set(),
    atMost,
    never: new Set(),
    mentioned: new Set(),
    metrics: new Set(),
    observed: true,
    reasons: new Map(),
  };
}

function selectorKnowledge(
  source: string,
  selector: SyntaxNode,
  lookup?: SeriesLookup,
): LabelKnowledge {
  const { metric, matchers } = selectorParts(source, selector);
  const knowledge = blank('vector', null);
  if (metric) knowledge.metrics.add(metric);
  for (const matcher of matchers) knowledge.mentioned.add(matcher.name);
  const series = lookup?.(text(source, selector));
  if (series && series.length > 0) {
    const names = series.map((labels) => Object.keys(labels).filter((name) => name !== '__name__'));
    knowledge.atMost = new Set(names.flat());
    for (const name of names[0]!) {
      if (names.every((set) => set.includes(name))) {
        knowledge.always.add(name);
        knowledge.reasons.set(name, 'all its series in Prometheus carry it');
      }
    }
    return knowledge;
  }
  knowledge.observed = false;
  for (const { name, op, value } of matchers) {
    if (op === '=' && value !== '') {
      knowledge.always.add(name);
      knowledge.reasons.set(name, `matcher ${name}=${JSON.stringify(value)}`);
    }
    if (op === '=' && value === '') knowledge.never.add(name);
  }
  // Prometheus gives every scraped sample its target's job and instance. Recording rules
  // (by convention, names with a colon) and the rule manager's ALERTS are not scraped.
  if (metric && isScraped(metric)) {
    for (const label of TARGET_LABELS) {
      if (knowledge.never.has(label) || knowledge.always.has(label)) continue;
      knowledge.always.add(label);
      knowledge.reasons.set(label, `a scraped series: Prometheus adds ${label} to every one`);
    }
  }
  return knowledge;
}

const TARGET_LABELS = ['job', 'instance'];

function isScraped(metric: string): boolean {
  return !metric.includes(':') && metric !== 'ALERTS' && metric !== 'ALERTS_FOR_STATE';
}

function functionKnowledge(
  source: string,
  call: SyntaxNode,
  of: (node: SyntaxNode) => LabelKnowledge,
): LabelKnowledge {
  const name = text(source, call.firstChild!);
  const args = children(call.getChild('FunctionCallBody') ?? call).filter(
    (arg) => !arg.type.isError,
  );
  if (name === 'scalar' || name === 'time' || name === 'pi')
    return merged(blank('scalar', null), args.map(of));
  if (name === 'vector' || args.length === 0)
    return merged(blank('vector', new Set()), args.map(of));
  if (name === 'absent' || name === 'absent_over_time') {
    // One series labelled by the argument's equality matchers, and only when it is empty.
    const known = of(args[0]!);
    const staticLabels = new Set(
      [...known.always].filter((label) => known.reasons.get(label)?.startsWith('matcher')),
    );
    return {
      ...blank('vector', staticLabels),
      always: staticLabels,
      metrics: known.metrics,
      mentioned: known.mentioned,
    };
  }
  const argKnowledge = args.map(of);
  const input = argKnowledge.find((known) => known.type === 'vector' || known.type === 'matrix');
  const result = input ? { ...copy(input), type: 'vector' as const } : blank('vector', null);
  const stringArg = (index: number) => {
    const arg = args[index];
    return arg?.name === 'StringLiteral' ? stringLiteralValue(text(source, arg)) : undefined;
  };
  if (name === 'label_replace' || name === 'label_join') {
    const target = stringArg(1);
    if (target) {
      result.never.delete(target);
      result.atMost?.add(target);
      result.mentioned.add(target);
    }
  }
  if (name === 'histogram_quantile' || name === 'histogram_fraction') remove(result, 'le');
  return merged(
    result,
    argKnowledge.filter((known) => known !== input),
  );
}

function aggregateKnowledge(
  source: string,
  aggregate: SyntaxNode,
  of: (node: SyntaxNode) => LabelKnowledge,
): LabelKnowledge {
  const op = text(source, aggregate.firstChild!);
  const args = children(aggregate.getChild('FunctionCallBody')!).filter((arg) => !arg.type.isError);
  const input = of(args[args.length - 1]!);
  const modifier = aggregate.getChild('AggregateModifier');
  const grouping = modifier
    ? (modifier.getChild('GroupingLabels')?.getChildren('LabelName') ?? []).map((label) =>
        text(source, label),
      )
    : [];
  const without = modifier?.firstChild?.name === 'Without';
  const clause = modifier
    ? `${op} ${without ? 'without' : 'by'} (${grouping.join(', ')})`
    : `${op}(…)`;
  const result = copy(input);
  for (const label of grouping) result.mentioned.add(label);
  if (op === 'topk' || op === 'bottomk') return result;
  if (without) {
    for (const label of grouping) remove(result, label);
  } else {
    const keep = new Set(grouping);
    result.atMost = new Set(
      [...keep].filter((label) => input.atMost === null || input.atMost.has(label)),
    );
    result.never = new Set();
    result.always = new Set([...input.always].filter((label) => keep.has(label)));
    for (const label of result.always)
      result.reasons.set(label, `${input.reasons.get(label) ?? 'its input'}, kept by ${clause}`);
  }
  if (op === 'count_values') {
    const label =
      args[0]?.name === 'StringLiteral' ? stringLiteralValue(text(source, args[0])) : undefined;
    if (label) {
      result.always.add(label);
      result.atMost?.add(label);
      result.reasons.set(label, `count_values("${label}", …)`);
    }
  }
  return result;
}

function binaryKnowledge(
  source: string,
  node: SyntaxNode,
  of: (node: SyntaxNode) => LabelKnowledge,
): LabelKnowledge {
  const parts = binaryParts(node);
  if (!parts) return blank('vector', null);
  const left = of(parts.lhs);
  const right = of(parts.rhs);
  if (left.type === 'scalar' && right.type === 'scalar')
    return merged(blank('scalar', null), [left, right]);
  if (left.type === 'scalar') return merged(copy(right), [left]);
  if (right.type === 'scalar') return merged(copy(left), [right]);
  const matching = parts.matching ? matchingClause(source, parts.matching) : undefined;
  if (parts.kind === 'set') {
    if (parts.operator.name !== 'Or') return merged(copy(left), [right]);
    const union = copy(left);
    union.always = new Set([...left.always].filter((label) => right.always.has(label)));
    union.atMost = left.atMost && right.atMost ? new Set([...left.atMost, ...right.atMost]) : null;
    union.never = new Set([...left.never].filter((label) => right.never.has(label)));
    return merged(union, [right]);
  }
  const many = matching?.group === 'right' ? right : left;
  const result = merged(copy(many), [many === left ? right : left]);
  if (!matching?.group && matching?.on) {
    const keep = new Set(matching.labels);
    result.always = new Set([...result.always].filter((label) => keep.has(label)));
    result.atMost = new Set(
      [...keep].filter((label) => result.atMost === null || result.atMost.has(label)),
    );
    result.never = new Set();
  } else if (!matching?.group && matching) {
    for (const label of matching.labels) remove(result, label);
  }
  for (const label of matching?.include ?? []) {
    result.never.delete(label);
    result.atMost?.add(label);
  }
  return result;
}

export interface MatchingClause {
  on: boolean;
  labels: string[];
  group?: 'left' | 'right';
  include: string[];
}

export function matchingClause(source: string, clause: SyntaxNode): MatchingClause {
  const [labels, include] = clause
    .getChildren('GroupingLabels')
    .map((grouping) => grouping.getChildren('LabelName').map((label) => text(source, label)));
  const group = clause.getChild('GroupLeft')
    ? 'left'
    : clause.getChild('GroupRight')
      ? 'right'
      : undefined;
  return {
    on: clause.firstChild?.name === 'On',
    labels: labels ?? [],
    ...(group ? { group } : {}),
    include: include ?? [],
  };
}

function copy(knowledge: LabelKnowledge): LabelKnowledge {
  return {
    type: knowledge.type,
    always: new Set(knowledge.always),
    atMost: knowledge.atMost ? new Set(knowledge.atMost) : null,
    never: new Set(knowledge.never),
    mentioned: new Set(knowledge.mentioned),
    metrics: new Set(knowledge.metrics),
    observed: knowledge.observed,
    reasons: new Map(knowledge.reasons),
  };
}

// The other operands contribute only what they read, not their labels.
function merged(into: LabelKnowledge, others: LabelKnowledge[]): LabelKnowledge {
  for (const other of others) {
    for (const label of other.mentioned) into.mentioned.add(label);
    for (const metric of other.metrics) into.metrics.add(metric);
    into.observed &&= other.observed;
  }
  return into;
}

function remove(knowledge: LabelKnowledge, label: string): void {
  knowledge.always.delete(label);
  knowledge.atMost?.delete(label);
  if (knowledge.atMost === null) knowledge.never.add(label);
  knowledge.reasons.delete(label);
}
