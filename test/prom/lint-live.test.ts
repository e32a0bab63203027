// Integration: `chaos lint --prometheus` against a real Prometheus that scrapes the
// runbook's series: syntax confirmed by Prometheus, absent metrics, labels the series do
// not carry, and the published rule's vector matching confirmed from the real series.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosBin, projectRoot } from '../../src/paths.js';
import { lintFiles } from '../../src/prom/lint/lint.js';
import type { Finding } from '../../src/prom/lint/finding.js';
import { startDropRateFixture } from './support/drop-rate-fixture.js';
import type { DropRateFixture } from './support/drop-rate-fixture.js';

let fixture: DropRateFixture;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chaos-lint-live-'));
  fixture = await startDropRateFixture();
});

afterAll(async () => {
  await fixture?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function lintRunbook(blocks: string[]): Promise<Finding[]> {
  const path = join(dir, `runbook-${Math.random().toString(36).slice(2)}.md`);
  await writeFile(path, blocks.map((block) => `\`\`\`promql\n${block}\n\`\`\`\n`).join('\n'));
  const report = await lintFiles([path], {
    prometheus: fixture.prometheus.client,
    scrapeIntervalMs: 1_000,
  });
  return report.findings;
}

describe('lint --prometheus', () => {
  it('confirms the published rule cannot match: an error, with both fixes', async () => {
    const { findings } = await lintFiles(
      [join(projectRoot, 'rules/tickstorm-published.rules.yml')],
      {
        prometheus: fixture.prometheus.client,
      },
    );
    expect(findings.map((finding) => `${finding.severity} ${finding.check}`)).toEqual([
      'error vector-matching',
    ]);
    expect(findings[0]!.message).toContain(
      'the left side always carries error_type (all its series in Prometheus carry it) and the right side never does (its series in Prometheus carry only {instance, instance_id, job})',
    );
    expect(findings[0]!.suggestions).toEqual([
      'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m]) / ignoring(error_type) rate(tick_storm_total_connections_total[5m]) * 100 > 0.5',
      'sum by (instance, instance_id, job) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / sum by (instance, instance_id, job) (rate(tick_storm_total_connections_total[5m])) * 100 > 0.5',
    ]);
  });

  it('finds nothing in the corrected rule', async () => {
    const report = await lintFiles([join(projectRoot, 'rules/tickstorm-corrected.rules.yml')], {
      prometheus: fixture.prometheus.client,
    });
    expect(report.findings).toEqual([]);
  });

  it('names metrics without series and labels the series do not carry', async () => {
    const findings = await lintRunbook([
      'rate(tick_storm_no_such_metric_total[1m])',
      'tick_storm_total_connections_total{error_type="connection_dropped"}',
      'tick_storm_connection_errors_total{error_type="reset"}',
    ]);
    expect(
      findings.map((finding) => `${finding.line} ${finding.severity} ${finding.check}`),
    ).toEqual(['2 error absent-metric', '6 error missing-label', '10 error no-matching-series']);
    expect(findings[1]!.message).toBe(
      'tick_storm_total_connections_total\'s series carry no label error_type (they carry instance, instance_id, job); the matcher error_type="connection_dropped" selects nothing',
    );
    expect(findings[2]!.message).toContain(
      'its series have error_type in {"connection_dropped", "heartbeat_timeout"}',
    );
  });

  it("Prometheus's own series are not absent target metrics; flat counters are named", async () => {
    const findings = await lintRunbook([
      'ALERTS{alertname="TickStormConnectionDropRate", alertstate="firing"}',
      'rate(prometheus_http_requests_total[5m])',
      'up == 0',
      'rate(tick_storm_idle_errors_total[1m]) / rate(tick_storm_idle_connections_total[1m])',
    ]);
    expect(
      findings.map(
        (finding) => `${finding.line}:${finding.column} ${finding.severity} ${finding.check}`,
      ),
    ).toEqual([
      '2:1 warning absent-metric',
      '6:6 warning absent-metric',
      '14:6 warning flat-counter',
      '14:47 warning flat-counter',
    ]);
    expect(findings[0]!.message).toMatch(
      /^ALERTS is written by Prometheus's rule manager while an alert is pending or firing; no series means no alert is active now/,
    );
    expect(findings[1]!.message).toMatch(
      /^prometheus_http_requests_total is Prometheus's own metric; it has series only where Prometheus scrapes its own \/metrics/,
    );
    expect(findings[2]!.message).toBe(
      'tick_storm_idle_errors_total is present (1 series) but never incremented in `tick_storm_idle_errors_total[1m]`: rate() of it is 0 now, and a ratio of two such counters is 0/0 (NaN), which fails every comparison',
    );
  });

  it('confirms syntax errors with Prometheus, and reports what only Prometheus rejects', async () => {
    const findings = await lintRunbook([
      'rate(tick_storm_connection_errors_total[5m]) by (error_type)',
      'rate(tick_storm_total_connections_total)',
    ]);
    expect(findings.map((finding) => `${finding.severity} ${finding.check}`)).toEqual([
      'error by-outside-aggregation',
      'error syntax',
    ]);
    expect(findings[0]!.confirmation).toMatch(/^Prometheus: .*parse error.*unexpected <by>/);
    expect(findings[1]!.message).toMatch(
      /^Prometheus rejects the expression: .*expected type range vector in call to function "rate"/,
    );
  });

  it('chaos lint --prometheus exits 1 on the published rule and 0 on the corrected one', async () => {
    const run = (file: string) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(
          process.execPath,
          [chaosBin, 'lint', '--prometheus', fixture.prometheus.url, file],
          { cwd: projectRoot, timeout: 60_000 },
          (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
        );
      });
    const published = await run('rules/tickstorm-published.rules.yml');
    expect(published.code).toBe(1);
    expect(published.stdout).toContain('error [vector-matching]');
    expect((await run('rules/tickstorm-corrected.rules.yml')).code).toBe(0);
  });

  it('exits 3 when the Prometheus given cannot be reached', async () => {
    const code = await new Promise<number>((resolve) => {
      execFile(
        process.execPath,
        [
          chaosBin,
          'lint',
          '--prometheus',
          'http://127.0.0.1:1',
          'rules/tickstorm-corrected.rules.yml',
        ],
        { cwd: projectRoot, timeout: 60_000 },
        (error) => resolve(error ? Number(error.code) : 0),
      );
    });
    expect(code).toBe(3);
  });
});
