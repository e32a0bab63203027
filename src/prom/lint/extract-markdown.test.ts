import { describe, expect, it } from 'vitest';
import { extractFromMarkdown } from './extract-markdown.js';

const found = (markdown: string) =>
  extractFromMarkdown('runbook.md', markdown).map((extracted) => ({
    expr: extracted.expr,
    context: extracted.context,
    at: extracted.locate(0),
  }));

describe('extractFromMarkdown', () => {
  it('takes every promql block, one expression per paragraph, comments kept', () => {
    const markdown = [
      '# Runbook',
      '',
      '```promql',
      '# drop rate',
      'sum(rate(a[5m]))',
      '  / sum(rate(b[5m]))',
      '',
      'up',
      '```',
      '',
    ].join('\n');
    expect(found(markdown)).toEqual([
      {
        expr: '# drop rate\nsum(rate(a[5m]))\n  / sum(rate(b[5m]))',
        context: 'promql block',
        at: { line: 4, column: 1 },
      },
      { expr: 'up', context: 'promql block', at: { line: 8, column: 1 } },
    ]);
  });

  it('splits a paragraph of one-line queries when only the lines parse', () => {
    expect(found('```promql\nup\nrate(x[5m])\n```\n').map((item) => item.expr)).toEqual([
      'up',
      'rate(x[5m])',
    ]);
    // A broken single query stays one expression, so its error is reported.
    expect(found('```promql\nrate(x[5m])\n  by (a)\n```\n').map((item) => item.expr)).toEqual([
      'rate(x[5m])\n  by (a)',
    ]);
  });

  it('reads curl queries in URLs and in --data-urlencode, and promtool queries', () => {
    const markdown = [
      '```bash',
      "curl -s 'http://p:9090/api/v1/query?query=sum%20by%20(a)%20(rate(x%5B5m%5D))&time=1' | jq .",
      'curl -sG http://p:9090/api/v1/query_range \\',
      "  --data-urlencode 'query=rate(y[5m])' -d start=1",
      "$ promtool query instant http://p:9090 'up == 0'",
      '```',
    ].join('\n');
    expect(found(markdown)).toEqual([
      { expr: 'sum by (a) (rate(x[5m]))', context: 'curl URL query=', at: { line: 2, column: 9 } },
      { expr: 'rate(y[5m])', context: 'curl --data-urlencode query=', at: { line: 4, column: 27 } },
      { expr: 'up == 0', context: 'promtool query instant', at: { line: 5, column: 41 } },
    ]);
  });

  it('skips what is ambiguous or not PromQL', () => {
    const markdown = [
      'Inline `rate(x) by (y)` is prose.',
      '```bash',
      'curl -sG "$PROM/api/v1/query" --data-urlencode "query=$Q"',
      'curl -s http://p:9090/api/v1/alerts',
      'ulimit -n 65536',
      '```',
      '```yaml',
      'expr: up',
      '```',
      '    indented code is not fenced',
    ].join('\n');
    expect(found(markdown)).toEqual([]);
  });

  it('handles tilde fences and longer backtick fences', () => {
    expect(
      found('~~~promql\nup\n~~~\n````promql\n```\nx\n````\n').map((item) => item.expr),
    ).toEqual(['up', '```\nx']);
  });
});
