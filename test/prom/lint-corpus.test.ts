// The lint corpus: each defect class found where it is, clean files clean, checked with
// the real promtool; and `chaos lint` run as a real child process for its exit codes.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chaosBin, projectRoot } from '../../src/paths.js';
import { lintFiles } from '../../src/prom/lint/lint.js';
import type { Finding } from '../../src/prom/lint/finding.js';

const corpus = (name: string) => join('test/prom/lint-corpus', name);
const PUBLISHED = 'rules/tickstorm-published.rules.yml';
const CORRECTED = 'rules/tickstorm-corrected.rules.yml';

// Absolute paths: findings name files as given, and vitest may run from anywhere.
const lint = (file: string) => lintFiles([join(projectRoot, file)]);

const brief = (findings: Finding[]) =>
  findings.map(({ line, check, severity }) => `${line} ${severity} ${check}`);

describe('lint corpus', () => {
  it('flags the published rule: error_type on one side of the division only', async () => {
    const { findings } = await lint(PUBLISHED);
    expect(brief(findings)).toEqual(['14 warning vector-matching']);
    expect(findings[0]!.column).toBe(93);
    expect(findings[0]!.suggestions).toEqual([
      'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m]) / ignoring(error_type) rate(tick_storm_total_connections_total[5m]) * 100 > 0.5',
      // Scraped series share job and instance: summing both sides by them pairs too.
      'sum by (instance, job) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / sum by (instance, job) (rate(tick_storm_total_connections_total[5m])) * 100 > 0.5',
    ]);
  });

  it.each([[CORRECTED], [corpus('clean.rules.yml')], [corpus('clean-runbook.md')]])(
    'finds nothing in %s',
    async (file) => {
      const report = await lint(file);
      expect(report.findings).toEqual([]);
      expect(report.checked[0]!.expressions).toBeGreaterThan(0);
    },
  );

  it.each([
    [
      'by-outside-aggregation.rules.yml',
      ['6 error by-outside-aggregation'],
      'sum by (error_type) (rate(tick_storm_connection_errors_total[5m]))',
    ],
    ['syntax-error.rules.yml', ['7 error syntax'], undefined],
    ['type-error.rules.yml', ['6 error syntax'], undefined],
    [
      'short-window.rules.yml',
      ['6 warning rate-window', '8 error rate-window'],
      'sum by (instance_id) (rate(tick_storm_total_connections_total[1m]))',
    ],
    ['for-too-long.rules.yml', ['8 warning for-exceeds-escalation'], undefined],
    [
      'label-mismatch-aggregated.rules.yml',
      ['6 error vector-matching'],
      'sum by (instance_id, error_type) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / ignoring(error_type) sum by (instance_id) (rate(tick_storm_total_connections_total[5m])) * 100 > 0.5',
    ],
    [
      'aggregated-vs-raw.rules.yml',
      // Certain: the raw side's scraped series carry job and instance, the other side neither.
      ['6 error vector-matching'],
      'sum by (instance_id) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / sum by (instance_id) (rate(tick_storm_total_connections_total[5m])) * 100 > 0.5',
    ],
    ['bad-shape.rules.yml', ['6 error rules-file', '7 error rules-file'], undefined],
  ])('%s', async (name, expected, suggestion) => {
    const { findings, unreadable } = await lint(corpus(name));
    expect(unreadable).toEqual([]);
    expect(brief(findings)).toEqual(expected);
    if (suggestion) expect(findings[0]!.suggestions?.[0]).toBe(suggestion);
  });

  it('confirms rule-file syntax findings with promtool, and adds what only promtool sees', async () => {
    const by = await lint(corpus('by-outside-aggregation.rules.yml'));
    expect(by.findings[0]!.confirmation).toBe(
      'promtool: could not parse expression: 1:46: parse error: unexpected <by>',
    );
    const syntax = await lint(corpus('syntax-error.rules.yml'));
    expect(syntax.findings[0]!.confirmation).toMatch(/^promtool: .*unclosed left parenthesis/);
    const types = await lint(corpus('type-error.rules.yml'));
    expect(types.findings[0]!.message).toMatch(
      /promtool check rules rejects it: .*expected type range vector in call to function "rate"/,
    );
  });

  it("finds the runbook's defects in promql blocks and curl commands", async () => {
    const { findings } = await lint(corpus('connection-drops.md'));
    expect(
      findings.map(({ line, column, check, context }) => `${line}:${column} ${check} (${context})`),
    ).toEqual([
      '8:79 vector-matching (promql block)',
      '16:46 by-outside-aggregation (promql block)',
      '22:9 by-outside-aggregation (curl URL query=)',
    ]);
    expect(findings[1]!.suggestions).toEqual([
      'sum by (error_type) (rate(tick_storm_connection_errors_total[5m]))',
    ]);
  });

  it('reports inputs it cannot read instead of findings', async () => {
    const report = await lint(corpus('notes.txt'));
    expect(report.unreadable).toEqual([
      {
        file: join(projectRoot, corpus('notes.txt')),
        reason:
          'expected a Prometheus rules file (.yml, .yaml), an Alertmanager config (.yml with `route:`) or a Markdown runbook (.md)',
      },
    ]);
  });
});

describe('chaos lint (child process)', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [chaosBin, 'lint', ...args],
        { cwd: projectRoot, timeout: 60_000 },
        (error, stdout, stderr) => {
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
            stdout,
            stderr,
          });
        },
      );
    });

  it('exits 0 on clean input, 1 on findings, 2 on unreadable input', async () => {
    const clean = await run([CORRECTED, corpus('clean-runbook.md')]);
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.stdout).toContain('no findings: ');

    const found = await run([PUBLISHED, corpus('connection-drops.md')]);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(
      'rules/tickstorm-published.rules.yml:14:93: warning [vector-matching]',
    );

    const unreadable = await run([corpus('does-not-exist.yml')]);
    expect(unreadable.code).toBe(2);
  });

  it('prints JSON with --format json', async () => {
    const result = await run(['--format', 'json', corpus('by-outside-aggregation.rules.yml')]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(report.findings[0]).toMatchObject({
      check: 'by-outside-aggregation',
      line: 6,
      column: 60,
    });
  });

  it('refuses a bad flag with exit 2 and says what was expected', async () => {
    const result = await run(['--escalation', 'soon', CORRECTED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--escalation: expected a duration like "5m"');
  });
});
