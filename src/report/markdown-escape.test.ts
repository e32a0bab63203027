import { describe, expect, it } from 'vitest';
import { code, md } from './markdown-reporter.js';

describe('summary.md escaping', () => {
  it('lets no tag or comment through, and keeps comparisons readable', () => {
    expect(md('a <img src=x onerror=alert(1)> b <!-- c --> </details>')).toBe(
      'a &lt;img src=x onerror=alert(1)> b &lt;!-- c --> &lt;/details>',
    );
    expect(md('rate < 0.5 and x<=1')).toBe('rate < 0.5 and x<=1');
  });

  it('fences a code span longer than any backtick run inside it', () => {
    expect(code('sum(x)')).toBe('`sum(x)`');
    expect(code('a `b` c')).toBe('`` a `b` c ``');
  });
});
