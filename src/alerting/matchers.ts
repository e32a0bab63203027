// Alertmanager's label matchers (`matchers: ['severity="high"']`, and the older `match`
// and `match_re` maps): parsed from the config's text and applied to a label set the
// way Alertmanager does (a missing label is the empty string; regexes are anchored).

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export class MatcherSyntaxError extends Error {}

/** One `matchers` entry: `a="b"`, `a=~"x|y"`, `{a="b", c!="d"}`; throws MatcherSyntaxError. */
export function parseMatchers(text: string): Matcher[] {
  let body = text.trim();
  if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  const matchers: Matcher[] = [];
  let rest = body.trim();
  while (rest.length > 0) {
    const head = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*/.exec(rest);
    if (!head)
      throw new MatcherSyntaxError(
        `expected a matcher like name="value", got ${JSON.stringify(text)}`,
      );
    rest = rest.slice(head[0].length);
    let value: string;
    if (rest.startsWith('"')) {
      const end = closingQuote(rest);
      if (end < 0)
        throw new MatcherSyntaxError(`unclosed quote in matcher ${JSON.stringify(text)}`);
      value = JSON.parse(rest.slice(0, end + 1)) as string;
      rest = rest.slice(end + 1);
    } else {
      const end = rest.search(/,/);
      value = (end < 0 ? rest : rest.slice(0, end)).trim();
      rest = end < 0 ? '' : rest.slice(end);
    }
    matchers.push({ name: head[1]!, op: head[2] as MatchOp, value });
    rest = rest.trim();
    if (rest.startsWith(',')) rest = rest.slice(1).trim();
    else if (rest.length > 0)
      throw new MatcherSyntaxError(`expected "," between matchers in ${JSON.stringify(text)}`);
  }
  return matchers;
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Go's RE2 anchors Alertmanager regexes at both ends. */
function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

export function matches(matcher: Matcher, labels: Record<string, string>): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchored(matcher.value).test(value);
    case '!~':
      return !anchored(matcher.value).test(value);
  }
}

export function matchesAll(matchers: Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => matches(matcher, labels));
}

export function matcherText(matcher: Matcher): string {
  return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}
