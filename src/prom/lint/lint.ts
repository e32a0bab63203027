// `chaos lint`: PromQL in runbooks and rule files checked for the defects that make an
// alert or a verification query silently return nothing.

import { InputFileError, readInputFile } from '../../input-file.js';
import { extname } from 'node:path';
import type { PrometheusClient } from '../client.js';
import { RulesFileError } from '../rules-file.js';
import { vectorMatchingProblems } from '../promql/vector-matching.js';
import { droppedGroupings } from '../promql/dropped-grouping.js';
import { checkSyntax } from './check-syntax.js';
import { checkForDuration, checkRateWindows } from './check-windows.js';
import { liveFacts, prometheusParseError } from './check-live.js';
import type { ExtractedExpr } from './extracted.js';
import { extractFromMarkdown } from './extract-markdown.js';
import { extractFromRules } from './extract-rules.js';
import { sortFindings } from './finding.js';
import type { Finding } from './finding.js';
import { checkRulesWithPromtool, findPromtool } from './promtool.js';
import type { SeriesLookup } from '../promql/label-sets.js';

export interface LintOptions {
  /** Confirms syntax errors and checks metrics and labels against real series. */
  prometheus?: PrometheusClient;
  /** Default 15 s, Prometheus's default scrape interval. */
  scrapeIntervalMs?: number;
  /** The runbook's escalation time; default 15 min. */
  escalationMs?: number;
  /** Evaluation time for Prometheus queries; default now. */
  time?: Date;
  /** promtool to confirm rule files with; false to skip; default /usr/bin/promtool when present. */
  promtool?: string | false;
}

/** Where one alert goes through an Alertmanager config. */
export interface AlertRoute {
  alert: string;
  where: string;
  reaches: { receiver: string; trail: string; certain: boolean }[];
}

export interface LintReport {
  findings: Finding[];
  /** Inputs that could not be read as a rules file, a runbook or an Alertmanager config. */
  unreadable: { file: string; reason: string }[];
  checked: { file: string; kind: 'rules' | 'runbook' | 'alertmanager'; expressions: number }[];
  /** Per Alertmanager config: where each alert of the rules given goes (alerting/lint-alertmanager.ts). */
  routing?: { config: string; alerts: AlertRoute[] }[];
}

export const DEFAULT_SCRAPE_INTERVAL_MS = 15_000;
export const DEFAULT_ESCALATION_MS = 15 * 60_000;

export async function lintFiles(paths: string[], options: LintOptions = {}): Promise<LintReport> {
  const report: LintReport = { findings: [], unreadable: [], checked: [] };
  const promtool =
    options.promtool === false ? undefined : await findPromtool(options.promtool || undefined);
  for (const path of paths) {
    let source: string;
    try {
      source = readInputFile(path);
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      const reason = error.reason;
      report.unreadable.push({ file: path, reason: `cannot read it (${reason})` });
      continue;
    }
    const kind = fileKind(path, source);
    if (!kind) {
      report.unreadable.push({
        file: path,
        reason:
          'expected a Prometheus rules file (.yml, .yaml), an Alertmanager config (.yml with `route:`) or a Markdown runbook (.md)',
      });
      continue;
    }
    if (kind === 'runbook') {
      const expressions = extractFromMarkdown(path, source);
      report.findings.push(...(await lintExpressions(expressions, options)));
      report.checked.push({ file: path, kind, expressions: expressions.length });
      continue;
    }
    let extracted: ReturnType<typeof extractFromRules>;
    try {
      extracted = extractFromRules(path, source);
    } catch (error) {
      if (!(error instanceof RulesFileError)) throw error;
      report.unreadable.push({ file: path, reason: error.message });
      continue;
    }
    const findings = [
      ...extracted.findings,
      ...(await lintExpressions(extracted.expressions, options)),
    ];
    if (promtool) await confirmWithPromtool(promtool, path, extracted.expressions, findings);
    report.findings.push(...findings);
    report.checked.push({ file: path, kind, expressions: extracted.expressions.length });
  }
  report.findings = sortFindings(report.findings);
  return report;
}

/** Every check on each expression; live checks when a Prometheus is given. */
export async function lintExpressions(
  expressions: ExtractedExpr[],
  options: LintOptions = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const extracted of expressions) {
    const syntax = checkSyntax(extracted);
    if (syntax) {
      if (options.prometheus) {
        const verdict = await prometheusParseError(
          options.prometheus,
          extracted.expr,
          options.time,
        );
        if (verdict) syntax.confirmation = `Prometheus: ${verdict}`;
        else {
          syntax.severity = 'warning';
          syntax.confirmation = 'Prometheus accepts this expression; lezer-promql 0.42 does not';
        }
      }
      findings.push(syntax);
      continue;
    }
    let lookup: SeriesLookup | undefined;
    if (options.prometheus) {
      const live = await liveFacts(options.prometheus, extracted, options.time);
      findings.push(...live.findings);
      if (!live.accepted) continue;
      lookup = live.lookup;
    }
    for (const problem of vectorMatchingProblems(extracted.expr, lookup)) {
      findings.push({
        file: extracted.file,
        ...extracted.locate(problem.offset),
        check: 'vector-matching',
        severity: problem.certainty === 'certain' ? 'error' : 'warning',
        message: problem.explanation,
        expr: extracted.expr,
        context: extracted.context,
        ...(problem.suggestions.length > 0 ? { suggestions: problem.suggestions } : {}),
      });
    }
    for (const dropped of droppedGroupings(extracted.expr)) {
      findings.push({
        file: extracted.file,
        ...extracted.locate(dropped.offset),
        check: 'dropped-grouping',
        severity: 'warning',
        message: dropped.explanation,
        expr: extracted.expr,
        context: extracted.context,
      });
    }
    findings.push(
      ...checkRateWindows(extracted, options.scrapeIntervalMs ?? DEFAULT_SCRAPE_INTERVAL_MS),
    );
    const position = extracted.rule?.forPosition ?? extracted.locate(0);
    const late = checkForDuration(
      extracted,
      options.escalationMs ?? DEFAULT_ESCALATION_MS,
      position,
    );
    if (late) findings.push(late);
  }
  return findings;
}

// Prometheus's own type checker sees what a grammar cannot (`rate(x)` without a range).
async function confirmWithPromtool(
  promtool: string,
  path: string,
  expressions: ExtractedExpr[],
  findings: Finding[],
) {
  const verdict = await checkRulesWithPromtool(promtool, path);
  for (const problem of verdict.problems) {
    const extracted = expressions.find(
      (candidate) =>
        candidate.rule?.group === problem.group && candidate.rule?.index === problem.rule,
    );
    const existing = findings.find(
      (finding) =>
        extracted &&
        finding.expr === extracted.expr &&
        finding.context === extracted.context &&
        (finding.check === 'syntax' || finding.check === 'by-outside-aggregation'),
    );
    if (existing) {
      existing.confirmation = `promtool: ${problem.message}`;
      continue;
    }
    if (!extracted && findings.some((finding) => finding.check === 'rules-file')) continue;
    findings.push({
      file: path,
      line: problem.line ?? extracted?.locate(0).line ?? 1,
      column: problem.column ?? extracted?.locate(0).column ?? 1,
      check: extracted ? 'syntax' : 'rules-file',
      severity: 'error',
      message: `promtool check rules rejects it: ${problem.message}`,
      expr: extracted?.expr ?? '',
      context: extracted?.context ?? 'rules file',
    });
  }
}

function fileKind(path: string, source: string): 'rules' | 'runbook' | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.yml' || extension === '.yaml') return 'rules';
  if (extension === '.md' || extension === '.markdown') return 'runbook';
  if (source.trimStart().startsWith('groups:')) return 'rules';
  if (source.includes('```') || source.includes('~~~')) return 'runbook';
  return undefined;
}
