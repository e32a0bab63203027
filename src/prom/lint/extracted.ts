// One PromQL expression found in a file, with a way back to file positions.

import { positionAt } from '../promql/parse.js';

export interface ExtractedRule {
  kind: 'alert' | 'record';
  name: string;
  group: string;
  /** 1-based within its group, as promtool counts. */
  index: number;
  for?: string;
  /** Where `for:` is written, when it is. */
  forPosition?: { line: number; column: number };
}

export interface ExtractedExpr {
  file: string;
  expr: string;
  /** `alert TickStormConnectionDropRate`, `promql block`, `curl query= argument`. */
  context: string;
  /** File line and column of an offset in `expr`. */
  locate(offset: number): { line: number; column: number };
  rule?: ExtractedRule;
}

/** A locator for text copied verbatim from the file, starting at `line`/`column`. */
export function verbatimLocator(expr: string, line: number, column: number) {
  return (offset: number) => {
    const at = positionAt(expr, offset);
    return { line: line + at.line - 1, column: at.line === 1 ? column + at.column - 1 : at.column };
  };
}

/** A locator for text that cannot be mapped character by character (decoded, folded). */
export function fixedLocator(line: number, column: number) {
  return () => ({ line, column });
}
