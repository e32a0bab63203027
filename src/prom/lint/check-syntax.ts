// Syntax findings. The common runbook slip, `rate(x[5m]) by (label)`, gets its own check
// and the corrected expression: `by`/`without` belong to an aggregation.

import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { findSyntaxError } from '../promql/parse.js';
import type { ExtractedExpr } from './extracted.js';
import type { Finding } from './finding.js';

export function checkSyntax(extracted: ExtractedExpr): Finding | null {
  const problem = findSyntaxError(extracted.expr);
  if (!problem) return null;
  const grouping = groupingOutsideAggregation(extracted.expr, problem.offset);
  // An error at the end of the input is shown at the last character written, not past it.
  const at = Math.min(problem.offset, extracted.expr.trimEnd().length);
  const finding: Finding = {
    file: extracted.file,
    ...extracted.locate(at),
    check: grouping ? 'by-outside-aggregation' : 'syntax',
    severity: 'error',
    message: grouping
      ? `\`${grouping.keyword} (${grouping.labels.join(', ')})\` follows \`${grouping.operand}\`, which is not an aggregation; PromQL only accepts ${grouping.keyword} inside one, such as sum ${grouping.keyword} (…) (…)`
      : `PromQL syntax error at line ${problem.line}, column ${problem.column} of the expression: ${problem.reason}`,
    expr: extracted.expr,
    context: extracted.context,
  };
  if (grouping?.suggestion) finding.suggestions = [grouping.suggestion];
  return finding;
}

interface Grouping {
  keyword: 'by' | 'without';
  labels: string[];
  operand: string;
  suggestion?: string;
}

// In lezer's tree the stray keyword is an error node right after a complete operand, and
// the label list parses as a parenthesized expression after it.
function groupingOutsideAggregation(expr: string, offset: number): Grouping | null {
  let error: SyntaxNode | null = null;
  parser.parse(expr).iterate({
    enter(ref) {
      if (error) return false;
      if (ref.type.isError && ref.from === offset) error = ref.node;
      return undefined;
    },
  });
  const stray = error as SyntaxNode | null;
  const keyword = stray ? expr.slice(stray.from, stray.to).trim() : '';
  if (!stray || (keyword !== 'by' && keyword !== 'without')) return null;
  const operand = stray.prevSibling;
  let list = stray.nextSibling;
  while (list && list.type.isError && list.from === list.to) list = list.nextSibling;
  if (!operand || operand.type.isError || list?.name !== 'ParenExpr') return null;
  const labels = expr
    .slice(list.from + 1, list.to - 1)
    .split(',')
    .map((label) => label.trim());
  if (!labels.every(isLabelName)) return null;
  const operandText = expr.slice(operand.from, operand.to);
  const grouping: Grouping = { keyword, labels, operand: operandText };
  const corrected = `${expr.slice(0, operand.from)}sum ${keyword} (${labels.join(', ')}) (${operandText})${expr.slice(list.to)}`;
  if (!findSyntaxError(corrected)) grouping.suggestion = corrected;
  return grouping;
}

function isLabelName(name: string): boolean {
  return (
    name !== '' &&
    [...name].every(
      (char, index) =>
        (char >= 'a' && char <= 'z') ||
        (char >= 'A' && char <= 'Z') ||
        char === '_' ||
        (index > 0 && char >= '0' && char <= '9'),
    )
  );
}
