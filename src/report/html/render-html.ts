// report.html: the run's verdict first, then each drill with its chart, checks and
// evidence. One self-contained file that opens from disk with no network.

import type { RunResult } from '../../result/run-result.js';
import { formatMs, outcomeLabel } from '../format.js';
import { badge } from './checks-section.js';
import { drillSection } from './drill-section.js';
import { escapeHtml as e, inlineRaw } from './escape.js';
import { pageShell } from './page-shell.js';

// Draws every chart from its embedded model once the page has loaded.
const BOOT_CHARTS = `
for (const el of document.querySelectorAll('.drill-chart[data-model]')) {
  const model = JSON.parse(document.getElementById(el.dataset.model).textContent);
  window.DrillChart.create(el, model);
}`;

export function renderHtml(run: RunResult): string {
  const drills = run.drills.map((drill, i) => drillSection(drill, i));
  const summary = run.drills.map(
    (d, i) =>
      `<tr data-scenario="${e(d.scenario)}"><td><a href="#drill-${i}">${e(d.scenario)}</a></td><td>${badge(d.outcome, d.aborted !== undefined)}</td><td>${e(formatMs(d.durationMs))}</td><td>${e(d.message)}</td></tr>`,
  );
  const recovered =
    run.recovered.length > 0
      ? `<p>Before this run, ${run.recovered.length} change(s) left by a crashed run were undone:</p><ul>${run.recovered.map((r) => `<li>${e(r.outcome)}: ${e(r.detail)}</li>`).join('')}</ul>`
      : '';
  const body = `
<header data-run-outcome="${e(run.outcome)}">
  <h1>${badge(run.outcome, run.aborted === true && !run.interrupted)} Resilience drills: ${e(outcomeLabel(run))}</h1>
  <p class="muted">Run <code>${e(run.runId)}</code>, ${e(run.startedAt)}, ${e(formatMs(run.durationMs))}, exit code ${e(run.exitCode)}${run.interrupted ? ' (interrupted)' : run.aborted ? ' (aborted)' : ''}; ${e(run.tool.name)} ${e(run.tool.version)} on ${e(run.host.hostname)} (${e(run.host.platform)}, node ${e(run.host.node)})</p>
</header>
<table class="summary"><thead><tr><th>drill</th><th>outcome</th><th>wall time</th><th>verdict</th></tr></thead><tbody>${summary.join('')}</tbody></table>
${recovered}
${drills.join('\n')}`;
  return pageShell({
    title: `${outcomeLabel(run)}: ${run.drills.map((d) => d.scenario).join(', ') || 'no drills'} (${run.runId})`,
    body,
    scripts: [inlineRaw(BOOT_CHARTS, 'script')],
  });
}
