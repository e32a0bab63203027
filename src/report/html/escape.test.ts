import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineRaw, jsonForScript } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can start markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('renders null and undefined as empty text and numbers as text', () => {
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(0.5)).toBe('0.5');
  });
});

describe('jsonForScript', () => {
  it('never contains a character that could close the script or open a comment', () => {
    const value = { text: '</script><!-- & > \u2028\u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('inlineRaw', () => {
  it('breaks a closing tag of its own element and leaves other text alone', () => {
    expect(inlineRaw('a="</script>";b="</style>"', 'script')).toBe('a="<\\/script>";b="</style>"');
    expect(inlineRaw('x</STYLE>', 'style')).toBe('x<\\/STYLE>');
  });
});
