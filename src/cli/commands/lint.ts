// `chaos lint <file...>`: PromQL in runbooks (Markdown) and rule files (YAML) checked for
// defects that make alerts and verification queries return nothing, and Alertmanager
// configs for pages that cannot arrive (lint-alertmanager.ts). Exit 1 on findings,
// 0 when clean, 2 when an input cannot be read, 3 when Prometheus cannot be reached.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode } from '../exit-codes.js';
import { PrometheusError } from '../../prom/prometheus-error.js';
import {
  DEFAULT_ESCALATION_MS,
  DEFAULT_SCRAPE_INTERVAL_MS,
  lintFiles,
} from '../../prom/lint/lint.js';
import { formatLintReport } from '../../prom/lint/report.js';
import { isAlertmanagerConfig, lintAlertmanagerConfigs } from '../../alerting/lint-alertmanager.js';
import { readInputFile } from '../../input-file.js';
import { durationFlag, prometheusFlag, timeFlag } from './prom-flags.js';

interface LintArgs {
  file: string[];
  prometheus?: string;
  scrapeInterval: string;
  escalation: string;
  format: 'human' | 'json';
  time?: string;
  promtool?: string | false;
}

export const lintCommand: CommandModule<object, LintArgs> = {
  command: 'lint <file..>',
  describe:
    'Check the PromQL in runbooks (.md) and rule files (.yml) for alerts that cannot fire, and Alertmanager configs (.yml with route:) for pages that cannot arrive',
  builder: (yargs: Argv) =>
    yargs
      .positional('file', {
        type: 'string',
        array: true,
        demandOption: true,
        describe:
          'runbooks, rule files and Alertmanager configs (routes are checked against the alerts of the rule files given)',
      })
      .option('prometheus', {
        type: 'string',
        describe:
          'Prometheus URL: confirm syntax errors, check metrics and labels against real series',
      })
      .option('scrape-interval', {
        type: 'string',
        default: `${DEFAULT_SCRAPE_INTERVAL_MS / 1000}s`,
        describe: 'scrape interval that rate()/increase() windows must cover four times',
      })
      .option('escalation', {
        type: 'string',
        default: `${DEFAULT_ESCALATION_MS / 60_000}m`,
        describe: "the runbook's escalation time; an alert's `for` must not exceed it",
      })
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const })
      .option('time', {
        type: 'string',
        describe: 'evaluation time for --prometheus (RFC 3339 or Unix seconds)',
      })
      .option('promtool', {
        type: 'string',
        describe:
          'promtool to confirm rule files with (default /usr/bin/promtool if present; --no-promtool to skip)',
      }) as unknown as Argv<LintArgs>,
  handler: async (args: ArgumentsCamelCase<LintArgs>) => {
    const options = {
      prometheus: prometheusFlag(args.prometheus),
      scrapeIntervalMs: durationFlag('scrape-interval', args.scrapeInterval),
      escalationMs: durationFlag('escalation', args.escalation),
      time: timeFlag(args.time),
      promtool: args.promtool,
    };
    let report;
    try {
      // Alertmanager configs go to their own lint, which reads the rest for alerts and runbooks.
      const configs: { path: string; source: string }[] = [];
      for (const path of args.file) {
        // Unreadable ones (missing, /dev/zero, a FIFO) are left to lintFiles to report.
        let source: string | null = null;
        try {
          source = readInputFile(path);
        } catch {
          // said by lintFiles
        }
        if (source !== null && isAlertmanagerConfig(source)) configs.push({ path, source });
      }
      const others = args.file.filter((path) => !configs.some((c) => c.path === path));
      report = await lintFiles(others, options);
      if (configs.length > 0) await lintAlertmanagerConfigs(configs, others, report);
    } catch (error) {
      if (!(error instanceof PrometheusError)) throw error;
      console.error(`chaos lint: ${error.message}`);
      process.exit(ExitCode.InfrastructureError);
    }
    const text =
      args.format === 'json' ? JSON.stringify(report, null, 2) : formatLintReport(report);
    console.log(text);
    if (report.unreadable.length > 0) process.exit(ExitCode.InvalidInput);
    // Exit 1, the code a failed drill uses: a finding means an alert or query that would fail one.
    process.exit(report.findings.length > 0 ? ExitCode.DrillFailed : ExitCode.Passed);
  },
};
