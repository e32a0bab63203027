// Prometheus rule files: loaded with line numbers, checked for the shape Prometheus
// requires, every `expr` parsed, before any process starts. Problems name the file, the
// path in it and the line: `rules/x.yml:9: groups[0].rules[1].for: expected a duration …`.

import { InputFileError, readInputFile } from '../input-file.js';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { checkRulesShape } from './rules-shape.js';
import type { RuleGroupSpec, RuleSpec } from './rules-shape.js';
import { findSyntaxError } from './promql/parse.js';
import { linePosition, nodePosition, scalarCharPosition } from './yaml-positions.js';
import { findSelfReference, selfReferenceMessage } from './yaml-aliases.js';
import type { FilePosition } from './yaml-positions.js';

export type { RuleGroupSpec, RuleSpec } from './rules-shape.js';

export interface RulesFile {
  /** The path as given, used in every message. */
  path: string;
  source: string;
  document: Document;
  lines: LineCounter;
  groups: RuleGroupSpec[];
}

export interface RulesFileProblem {
  file: string;
  /** Where in the file: `groups[0].rules[1].for`. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export class RulesFileError extends Error {
  constructor(readonly problems: RulesFileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'RulesFileError';
  }
}

export function formatProblem(problem: RulesFileProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return problem.path
    ? `${where}: ${problem.path}: ${problem.message}`
    : `${where}: ${problem.message}`;
}

/** Reads and checks a rules file; throws RulesFileError listing every problem found. */
export async function loadRulesFile(path: string): Promise<RulesFile> {
  let source: string;
  try {
    source = readInputFile(path);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const reason = error.reason;
    throw new RulesFileError([
      {
        file: path,
        path: '',
        message: `cannot read the rules file (${reason}); expected a readable YAML file`,
      },
    ]);
  }
  return parseRulesFile(source, path);
}

/** `loadRulesFile` on text already read. */
export function parseRulesFile(source: string, path: string): RulesFile {
  const { file, shapeProblems, syntaxProblems } = inspectRulesFile(source, path);
  const problems = [...shapeProblems, ...syntaxProblems];
  if (problems.length > 0) throw new RulesFileError(problems);
  return file;
}

/**
 * The rules file and every problem in it, without throwing on shape or PromQL problems
 * (lint reports them as findings); throws RulesFileError only when it is not YAML at all.
 */
export function inspectRulesFile(
  source: string,
  path: string,
): { file: RulesFile; shapeProblems: RulesFileProblem[]; syntaxProblems: RulesFileProblem[] } {
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const yamlProblems = document.errors.map((error) => ({
    file: path,
    path: '',
    line: error.linePos?.[0].line,
    column: error.linePos?.[0].col,
    message: `not valid YAML: ${error.message.split('\n')[0]}`,
  }));
  if (yamlProblems.length > 0) throw new RulesFileError(yamlProblems);
  const loop = findSelfReference(document);
  if (loop) {
    const { line, column } = linePosition(lines, loop.offset);
    const message = `not usable YAML: ${selfReferenceMessage(loop)}`;
    throw new RulesFileError([{ file: path, path: '', line, column, message }]);
  }

  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // The yaml library refuses to expand aliases past a count ("resource exhaustion").
    const why = (error as Error).message.split('\n')[0];
    throw new RulesFileError([
      { file: path, path: '', line: 1, message: `not usable YAML: ${why}` },
    ]);
  }
  const shape = checkRulesShape(data);
  const shapeProblems: RulesFileProblem[] = shape.problems.map(
    ({ path: at, segments, message }) => ({
      file: path,
      path: at,
      ...nearestPosition(document, lines, segments),
      message,
    }),
  );
  const file: RulesFile = { path, source, document, lines, groups: shape.groups };
  const syntaxProblems: RulesFileProblem[] = [];
  for (const group of file.groups) {
    for (const rule of group.rules) {
      if (rule.expr.trim() === '') continue; // already reported as missing
      const problem = findSyntaxError(rule.expr);
      if (!problem) continue;
      const at = exprPosition(file, rule, problem.offset);
      syntaxProblems.push({
        file: path,
        path: `${rule.path}.expr`,
        ...at,
        message: `${describeRule(rule)}: PromQL syntax error at line ${problem.line}, column ${problem.column} of the expression: ${problem.reason}`,
      });
    }
  }
  return { file, shapeProblems, syntaxProblems };
}

/** The file position of a character of a rule's `expr` (its start when it cannot be mapped). */
export function exprPosition(
  file: RulesFile,
  rule: RuleSpec,
  exprOffset: number,
): FilePosition | undefined {
  const node = file.document.getIn([...rule.segments, 'expr'], true) as never;
  return (
    scalarCharPosition(file.source, file.lines, node, exprOffset) ?? nodePosition(file.lines, node)
  );
}

/** The alerting rule named `alert`; throws RulesFileError naming the alerts the file does have. */
export function findAlert(file: RulesFile, alert: string): RuleSpec {
  const alerts = file.groups
    .flatMap((group) => group.rules)
    .filter((rule) => rule.kind === 'alert');
  const found = alerts.find((rule) => rule.name === alert);
  if (found) return found;
  const names = alerts.map((rule) => rule.name).join(', ') || 'none';
  throw new RulesFileError([
    {
      file: file.path,
      path: '',
      message: `expected an alert named "${alert}"; the file's alerts are: ${names}`,
    },
  ]);
}

// A missing field has no line; its closest present parent does.
function nearestPosition(
  document: Document,
  lines: LineCounter,
  segments: (string | number)[],
): FilePosition | undefined {
  for (let length = segments.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(segments.slice(0, length), true);
    const position = nodePosition(lines, node as never);
    if (position) return position;
  }
  return undefined;
}

export function describeRule(rule: RuleSpec): string {
  return `${rule.kind} ${rule.name}`;
}
