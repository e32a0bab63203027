import { describe, expect, it } from 'vitest';
import { shellCommands } from './shell-words.js';

const texts = (script: string) =>
  shellCommands(script).map((command) => command.map((word) => word.text));

describe('shellCommands', () => {
  it('splits words and honours quotes and escapes', () => {
    expect(texts(`curl -s 'http://p/api?query=rate(x[5m])' "a b" c\\ d`)).toEqual([
      ['curl', '-s', 'http://p/api?query=rate(x[5m])', 'a b', 'c d'],
    ]);
    expect(texts(`echo "say \\"hi\\"" 'it''s'`)).toEqual([['echo', 'say "hi"', 'its']]);
  });

  it('joins continued lines and splits commands at separators and newlines', () => {
    expect(
      texts('curl \\\n  --data-urlencode q=1 \\\n  url | jq . && echo ok\nls # comment'),
    ).toEqual([['curl', '--data-urlencode', 'q=1', 'url'], ['jq', '.'], ['echo', 'ok'], ['ls']]);
  });

  it('marks words that depend on an expansion, except in single quotes', () => {
    const [command] = shellCommands(`curl "$PROM/api" '$1' "x\\$y" \${A}`);
    expect(command!.map((word) => word.expands)).toEqual([false, true, false, false, true]);
  });

  it('records where each word starts', () => {
    const [command] = shellCommands('  curl  "x"');
    expect(command!.map((word) => word.offset)).toEqual([2, 8]);
  });
});
