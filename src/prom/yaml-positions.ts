// Where a character of a YAML string value sits in the file. Plain, block and simple
// quoted scalars keep every non-space character in order, so walking both texts and
// skipping whitespace (indentation, folded line breaks) finds it; escapes give up.

import { isScalar, LineCounter } from 'yaml';
import type { Node } from 'yaml';

export interface FilePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** The file position of `valueOffset` within a scalar's string value, or undefined. */
export function scalarCharPosition(
  source: string,
  lines: LineCounter,
  node: Node | null | undefined,
  valueOffset: number,
): FilePosition | undefined {
  if (!node || !isScalar(node) || !node.range || typeof node.value !== 'string') return undefined;
  let start = node.range[0];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    start = source.indexOf('\n', start) + 1;
    if (start === 0) return undefined;
  } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    start += 1;
  }
  const at = align(source, start, node.value, valueOffset);
  return at === undefined ? undefined : linePosition(lines, at);
}

/** The file position where a node starts. */
export function nodePosition(
  lines: LineCounter,
  node: Node | null | undefined,
): FilePosition | undefined {
  return node?.range ? linePosition(lines, node.range[0]) : undefined;
}

export function linePosition(lines: LineCounter, offset: number): FilePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function align(source: string, start: number, value: string, target: number): number | undefined {
  let j = start;
  for (let i = 0; i <= value.length; i++) {
    if (i === target) {
      while (isSpace(value[i]) ? false : isSpace(source[j])) j++;
      return j;
    }
    if (isSpace(value[i])) continue;
    while (j < source.length && isSpace(source[j])) j++;
    if (source[j] !== value[i]) return undefined;
    j++;
  }
  return undefined;
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r';
}
