// The human-readable lint report: findings, unreadable inputs, and one summary line.

import { formatFinding } from './finding.js';
import type { LintReport } from './lint.js';

export function formatLintReport(report: LintReport): string {
  const lines = report.findings.map(formatFinding);
  for (const { file, reason } of report.unreadable) lines.push(`${file}: cannot lint: ${reason}`);
  for (const { config, alerts } of report.routing ?? []) {
    if (alerts.length === 0) {
      lines.push(`${config}: routes not checked: no alerting rules were given beside it`);
      continue;
    }
    for (const alert of alerts) {
      const targets = alert.reaches
        .map(
          (r) =>
            `${r.receiver} by ${r.trail}${r.certain ? '' : ' (depends on label values only Prometheus knows)'}`,
        )
        .join('; and ');
      lines.push(`${config}: ${alert.alert} (${alert.where}) routes to ${targets}`);
    }
  }
  const configs = report.checked.filter((c) => c.kind === 'alertmanager').length;
  const expressions = report.checked.reduce((sum, file) => sum + file.expressions, 0);
  const errors = report.findings.filter((finding) => finding.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const scope = `${expressions} expression${expressions === 1 ? '' : 's'}${configs > 0 ? ` and ${configs} Alertmanager config${configs === 1 ? '' : 's'}` : ''} in ${report.checked.length} file${report.checked.length === 1 ? '' : 's'}`;
  lines.push(
    report.findings.length === 0
      ? `no findings: ${scope}`
      : `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}): ${scope}`,
  );
  if (report.unreadable.length > 0)
    lines.push(`${report.unreadable.length} input(s) could not be read`);
  return lines.join('\n');
}
