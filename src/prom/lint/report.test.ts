import { describe, expect, it } from 'vitest';
import { formatLintReport } from './report.js';
import type { Finding } from './finding.js';

const finding: Finding = {
  file: 'r.yml',
  line: 6,
  column: 60,
  check: 'by-outside-aggregation',
  severity: 'error',
  message: 'by belongs to an aggregation',
  expr: 'rate(x[5m]) by (a)',
  context: 'record r',
  confirmation: 'promtool: unexpected <by>',
  suggestions: ['sum by (a) (rate(x[5m]))', 'max by (a) (rate(x[5m]))'],
};

describe('formatLintReport', () => {
  it('prints each finding with its confirmation and suggestions, then a summary', () => {
    expect(
      formatLintReport({
        findings: [finding],
        unreadable: [],
        checked: [{ file: 'r.yml', kind: 'rules', expressions: 2 }],
      }),
    ).toBe(
      [
        'r.yml:6:60: error [by-outside-aggregation] record r: by belongs to an aggregation',
        '    confirmed: promtool: unexpected <by>',
        '    suggestion: sum by (a) (rate(x[5m]))',
        '    or:         max by (a) (rate(x[5m]))',
        '1 finding (1 error, 0 warnings): 2 expressions in 1 file',
      ].join('\n'),
    );
  });

  it('says so when clean, and lists unreadable inputs', () => {
    expect(
      formatLintReport({
        findings: [],
        unreadable: [{ file: 'x.txt', reason: 'not a runbook' }],
        checked: [],
      }),
    ).toBe(
      'x.txt: cannot lint: not a runbook\nno findings: 0 expressions in 0 files\n1 input(s) could not be read',
    );
  });
});
