// Small readers over lezer-promql's syntax tree, shared by rewriting, linting and explain.

import type { SyntaxNode } from '@lezer/common';

/** Node names of the comparison operators (the filtering ones unless `bool` is given). */
export const COMPARISON_OPS: Readonly<Record<string, ComparisonOp>> = {
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
};
export type ComparisonOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

const ARITHMETIC_OPS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Atan2']);
const SET_OPS = new Set(['And', 'Or', 'Unless']);

export function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}

/** The expression inside any number of parentheses. */
export function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenExpr') {
    const inner = current.firstChild;
    if (!inner) break;
    current = inner;
  }
  return current;
}

export function text(source: string, node: SyntaxNode): string {
  return source.slice(node.from, node.to);
}

/** The parts of a BinaryExpr: operands, operator node, and its `bool` / `on`/`ignoring` clauses. */
export interface BinaryParts {
  lhs: SyntaxNode;
  rhs: SyntaxNode;
  operator: SyntaxNode;
  kind: 'arithmetic' | 'comparison' | 'set';
  bool: boolean;
  matching: SyntaxNode | null;
}

export function binaryParts(node: SyntaxNode): BinaryParts | null {
  if (node.name !== 'BinaryExpr') return null;
  const parts = children(node);
  const operator = parts.find(
    (part) =>
      part.name in COMPARISON_OPS || ARITHMETIC_OPS.has(part.name) || SET_OPS.has(part.name),
  );
  const lhs = parts[0];
  const rhs = parts[parts.length - 1];
  if (!operator || !lhs || !rhs || lhs === operator || rhs === operator) return null;
  return {
    lhs,
    rhs,
    operator,
    kind:
      operator.name in COMPARISON_OPS
        ? 'comparison'
        : SET_OPS.has(operator.name)
          ? 'set'
          : 'arithmetic',
    bool: parts.some((part) => part.name === 'BoolModifier'),
    matching: parts.find((part) => part.name === 'MatchingModifierClause') ?? null,
  };
}

/**
 * The value of a PromQL number literal as Prometheus reads it: decimal, exponent, hex,
 * `Inf`/`NaN` in any case, with an optional sign. Undefined for anything else.
 */
export function numberLiteralValue(literal: string): number | undefined {
  let body = literal.trim();
  let sign = 1;
  if (body.startsWith('+') || body.startsWith('-')) {
    sign = body.startsWith('-') ? -1 : 1;
    body = body.slice(1).trim();
  }
  const lower = body.toLowerCase();
  if (lower === 'inf') return sign * Infinity;
  if (lower === 'nan') return NaN;
  const value = lower.startsWith('0x') ? Number.parseInt(lower.slice(2), 16) : Number(body);
  return body === '' || Number.isNaN(value) ? undefined : sign * value;
}

/** A number literal, possibly in parentheses or behind unary minus/plus; else undefined. */
export function constantNumber(source: string, node: SyntaxNode): number | undefined {
  const inner = unwrapParens(node);
  if (inner.name === 'NumberLiteral') return numberLiteralValue(text(source, inner));
  if (inner.name === 'UnaryExpr') {
    const operand = inner.lastChild;
    const value = operand ? constantNumber(source, operand) : undefined;
    if (value === undefined) return undefined;
    return inner.firstChild && text(source, inner.firstChild) === '-' ? -value : value;
  }
  return undefined;
}
