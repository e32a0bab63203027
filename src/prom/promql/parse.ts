// Parsing PromQL with the grammar Prometheus's own UI uses (lezer-promql 0.42, matching
// Prometheus 2.42). Lezer never throws: it marks what it could not read with error
// nodes (`⚠`), so a syntax error is the first such node, turned into line, column, reason.

import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';

export interface SourcePosition {
  /** 0-based offset into the expression text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export interface PromQLSyntaxProblem extends SourcePosition {
  reason: string;
}

export class PromQLSyntaxError extends Error {
  constructor(
    readonly expr: string,
    readonly problem: PromQLSyntaxProblem,
  ) {
    super(
      `PromQL syntax error at line ${problem.line}, column ${problem.column}: ${problem.reason}`,
    );
    this.name = 'PromQLSyntaxError';
  }
}

export interface ParsedPromQL {
  source: string;
  tree: Tree;
  /** The expression itself (the child of the grammar's top `PromQL` node). */
  root: SyntaxNode;
}

/** Parses `source`; throws PromQLSyntaxError at the first error. */
export function parsePromQL(source: string): ParsedPromQL {
  const tree = parseWhole(source);
  const problem = firstProblem(source, tree);
  if (problem) throw new PromQLSyntaxError(source, problem);
  const root = expressionChild(tree.topNode);
  if (!root)
    throw new PromQLSyntaxError(source, {
      ...positionAt(source, 0),
      reason: 'the expression is empty',
    });
  return { source, tree, root };
}

/** The first syntax error in `source`, or null when lezer reads it all. */
export function findSyntaxError(source: string): PromQLSyntaxProblem | null {
  return firstProblem(source, parseWhole(source));
}

/**
 * lezer's parse, without its cut-off for long left-associative chains: after 300 large
 * reductions from one start it forces the chain closed and marks an error there, so a
 * valid `a + b + … ` of a few hundred operands (which Prometheus accepts) would read as a
 * syntax error. Clearing its counter between steps lets the chain finish; lezer's other
 * depth guard (a stack of 8,400 frames) still applies, and bounds the tree's depth.
 */
function parseWhole(source: string): Tree {
  const parse = parser.startParse(source) as ReturnType<typeof parser.startParse> & {
    bigReductionCount?: number;
  };
  for (;;) {
    const tree = parse.advance();
    if (tree) return tree;
    if (parse.bigReductionCount !== undefined) parse.bigReductionCount = 0;
  }
}

export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let at = 0; at < offset && at < source.length; at++) {
    if (source[at] === '\n') {
      line++;
      lineStart = at + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

function firstProblem(source: string, tree: Tree): PromQLSyntaxProblem | null {
  let found: SyntaxNode | null = null;
  tree.iterate({
    enter(ref) {
      if (found) return false;
      if (ref.type.isError) {
        found = ref.node;
        return false;
      }
      return undefined;
    },
  });
  if (!found) {
    return expressionChild(tree.topNode)
      ? null
      : { ...positionAt(source, 0), reason: 'the expression is empty' };
  }
  const error: SyntaxNode = found;
  return { ...positionAt(source, error.from), reason: reasonFor(source, error) };
}

function expressionChild(top: SyntaxNode): SyntaxNode | null {
  for (let child = top.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'LineComment' && !child.type.isError) return child;
  }
  return null;
}

// Lezer says where, not why; the text at the error and the node it sits in give a reason
// short enough for one line.
function reasonFor(source: string, error: SyntaxNode): string {
  const text = source.slice(error.from, error.to);
  const parent = error.parent;
  const unterminated = unterminatedString(source, error);
  if (unterminated) return unterminated;
  if (text.trim() === '' && source.slice(error.from).trim() === '') {
    if (!parent || parent.name === 'PromQL') return 'the expression is empty';
    return `unexpected end of the expression${expectation(parent.name)}`;
  }
  const found = text.trim() || nextToken(source, error.from);
  if ((found === 'by' || found === 'without') && error.prevSibling) {
    return `unexpected "${found}": \`${found}\` belongs to an aggregation, as in sum ${found} (label) (expression)`;
  }
  return `unexpected ${quoteToken(found)}${parent ? expectation(parent.name) : ''}`;
}

function expectation(context: string): string {
  switch (context) {
    case 'LabelMatchers':
      return '; expected a label matcher or "}"';
    case 'LabelMatcher':
      return '; expected a quoted label value';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return '; expected a duration like 5m and "]"';
    case 'FunctionCallBody':
    case 'ParenExpr':
      return '; expected an expression or ")"';
    case 'GroupingLabels':
      return '; expected a label name or ")"';
    case 'BinaryExpr':
      return '; expected an expression after the operator';
    case 'StepInvariantExpr':
      return '; expected a timestamp, start() or end() after "@"';
    case 'OffsetExpr':
      return '; expected a duration like 5m after "offset"';
    default:
      return '';
  }
}

// `foo{a="b}`: the string swallowed the rest, so the error lands after it.
function unterminatedString(source: string, error: SyntaxNode): string | null {
  const before = error.prevSibling?.lastChild ?? error.prevSibling;
  for (const node of [before, error.parent?.lastChild]) {
    if (node?.name !== 'StringLiteral') continue;
    const text = source.slice(node.from, node.to);
    const quote = text[0]!;
    if (text.length < 2 || !text.endsWith(quote) || text.endsWith(`\\${quote}`)) {
      return `unterminated string starting with ${text.slice(0, 12)} (expected a closing ${quote})`;
    }
  }
  return null;
}

function nextToken(source: string, from: number): string {
  const rest = source.slice(from).trimStart();
  let end = 0;
  while (end < rest.length && end < 20 && !/\s/.test(rest[end]!)) end++;
  return rest.slice(0, Math.max(end, 1));
}

function quoteToken(token: string): string {
  return token.length > 20 ? `"${token.slice(0, 20)}…"` : `"${token}"`;
}
