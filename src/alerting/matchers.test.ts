import { describe, expect, it } from 'vitest';
import { matches, parseMatchers } from './matchers.js';

describe('Alertmanager matchers', () => {
  it('reads quoted, unquoted, braced and several matchers', () => {
    expect(parseMatchers('severity="high"')).toEqual([
      { name: 'severity', op: '=', value: 'high' },
    ]);
    expect(parseMatchers('severity = high')).toEqual([
      { name: 'severity', op: '=', value: 'high' },
    ]);
    expect(parseMatchers('{a=~"x|y", b!="z"}')).toEqual([
      { name: 'a', op: '=~', value: 'x|y' },
      { name: 'b', op: '!=', value: 'z' },
    ]);
    expect(parseMatchers('a="with \\"quote\\""')[0]!.value).toBe('with "quote"');
  });

  it('refuses what is not a matcher, saying what it got', () => {
    expect(() => parseMatchers('severity')).toThrow(
      /expected a matcher like name="value", got "severity"/,
    );
    expect(() => parseMatchers('a="open')).toThrow(/unclosed quote/);
  });

  it('anchors regexes and treats a missing label as empty', () => {
    const [m] = parseMatchers('alertname=~"TickStorm(Connection|Heartbeat).*"');
    expect(matches(m!, { alertname: 'TickStormConnectionDropRate' })).toBe(true);
    expect(matches(m!, { alertname: 'XTickStormConnectionDropRate' })).toBe(false);
    const [empty] = parseMatchers('instance=""');
    expect(matches(empty!, {})).toBe(true);
    const [notEmpty] = parseMatchers('instance!~""');
    expect(matches(notEmpty!, {})).toBe(false);
  });
});
