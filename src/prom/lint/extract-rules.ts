// PromQL in a Prometheus rule file: each rule's `expr`, located in the file, plus the
// file's shape problems (a bad `for`, an unknown field) as findings.

import { describeRule, exprPosition, inspectRulesFile } from '../rules-file.js';
import { nodePosition } from '../yaml-positions.js';
import type { ExtractedExpr } from './extracted.js';
import type { Finding } from './finding.js';

/** Throws RulesFileError when the text is not YAML at all. */
export function extractFromRules(
  file: string,
  source: string,
): { expressions: ExtractedExpr[]; findings: Finding[] } {
  const { file: rules, shapeProblems } = inspectRulesFile(source, file);
  const findings: Finding[] = shapeProblems.map((problem) => ({
    file,
    line: problem.line ?? 1,
    column: problem.column ?? 1,
    check: 'rules-file',
    severity: 'error',
    message: problem.path ? `${problem.path}: ${problem.message}` : problem.message,
    expr: '',
    context: 'rules file',
  }));
  const expressions: ExtractedExpr[] = [];
  for (const group of rules.groups) {
    group.rules.forEach((rule, index) => {
      if (rule.expr.trim() === '') return;
      expressions.push({
        file,
        expr: rule.expr,
        context: `${describeRule(rule)} (group ${group.name})`,
        locate: (offset) => exprPosition(rules, rule, offset) ?? { line: 1, column: 1 },
        rule: {
          kind: rule.kind,
          name: rule.name,
          group: group.name,
          index: index + 1,
          ...(rule.for ? { for: rule.for } : {}),
          forPosition: nodePosition(
            rules.lines,
            rules.document.getIn([...rule.segments, 'for'], true) as never,
          ),
        },
      });
    });
  }
  return { expressions, findings };
}
