import { describe, expect, it } from 'vitest';
import { parsePromtoolOutput } from './promtool.js';

describe('parsePromtoolOutput', () => {
  it('reads group, rule, position and message of each failure', () => {
    const output = [
      'Checking r.yml',
      '  FAILED:',
      'r.yml: 5:15: group "g", rule 1, "A": could not parse expression: 1:13: parse error: unexpected <by>',
      'r.yml: 7:15: group "g h", rule 2, "B": could not parse expression: 1:6: parse error: expected type range vector',
      'r.yml: not a valid duration string: "five"',
    ].join('\n');
    expect(parsePromtoolOutput(output, 'r.yml')).toEqual([
      {
        group: 'g',
        rule: 1,
        line: 5,
        column: 15,
        message: 'could not parse expression: 1:13: parse error: unexpected <by>',
      },
      {
        group: 'g h',
        rule: 2,
        line: 7,
        column: 15,
        message: 'could not parse expression: 1:6: parse error: expected type range vector',
      },
      { message: 'not a valid duration string: "five"' },
    ]);
  });
});
