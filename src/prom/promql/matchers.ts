// What a vector selector asks for: its metric name and label matchers, with string values
// unquoted as Prometheus reads them.

import type { SyntaxNode } from '@lezer/common';
import { children, text } from './tree.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface SelectorParts {
  /** From the identifier or a `__name__="…"` matcher. */
  metric?: string;
  /** All matchers except the metric name's. */
  matchers: LabelMatcher[];
}

/** The parts of a VectorSelector node. */
export function selectorParts(source: string, selector: SyntaxNode): SelectorParts {
  let metric: string | undefined;
  const matchers: LabelMatcher[] = [];
  for (const child of children(selector)) {
    if (child.name === 'Identifier' || child.name === 'MetricName') metric = text(source, child);
    if (child.name !== 'LabelMatchers') continue;
    for (const matcher of children(child)) {
      if (matcher.name !== 'LabelMatcher') continue;
      const name = matcher.getChild('LabelName');
      const op = matcher.getChild('MatchOp');
      const value = matcher.getChild('StringLiteral');
      if (!name || !op || !value) continue;
      const parsed = {
        name: text(source, name),
        op: text(source, op) as MatchOp,
        value: stringLiteralValue(text(source, value)),
      };
      if (parsed.name === '__name__' && parsed.op === '=') metric = parsed.value;
      else matchers.push(parsed);
    }
  }
  return { ...(metric !== undefined ? { metric } : {}), matchers };
}

/** The value of a PromQL string literal: Go escapes in quotes, raw in backticks. */
export function stringLiteralValue(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(
    1,
    literal.endsWith(quote ?? '') && literal.length > 1 ? -1 : undefined,
  );
  if (quote === '`') return body;
  let result = '';
  for (let at = 0; at < body.length; at++) {
    const char = body[at]!;
    if (char !== '\\' || at === body.length - 1) {
      result += char;
      continue;
    }
    const next = body[++at]!;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    if (next in simple) result += simple[next];
    else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      result += String.fromCodePoint(Number.parseInt(body.slice(at + 1, at + 1 + length), 16));
      at += length;
    } else if (next >= '0' && next <= '7') {
      result += String.fromCodePoint(Number.parseInt(body.slice(at, at + 3), 8));
      at += 2;
    } else result += next;
  }
  return result;
}
