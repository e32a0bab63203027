// The page as it was delivered: the route it took, the time to notify, each delivery
// check, and the notifications themselves (labels and annotations as the person paged
// would have received them, with a note where an annotation's number is +Inf or NaN).

import type { DrillResult } from '../../result/run-result.js';
import { nonFiniteNote } from '../../alerting/annotation-values.js';
import { labelsText } from '../../prom/labels-text.js';
import { pageLines } from '../format.js';
import { badge } from './checks-section.js';
import { escapeHtml as e } from './escape.js';

export function pageSection(drill: DrillResult): string {
  const page = drill.page;
  if (!page) return '';
  const checks = page.checks.map(
    (check) =>
      `<tr data-check="${e(check.name)}" data-outcome="${e(check.outcome)}"><td>${badge(check.outcome)}</td><td>${e(check.name)}</td><td>${e(check.message)}</td></tr>`,
  );
  const delivered = page.delivered.map(
    (d) =>
      `<tr data-status="${e(d.status)}"><td><time>${e(d.receivedAt)}</time></td><td>${e(d.status)}</td><td>${e(d.meantFor)}</td><td><code>${e(labelsText(d.labels))}</code></td><td>${Object.entries(
        d.annotations,
      )
        .map(([k, v]) => `<b>${e(k)}</b>: ${e(v)}${noted(v)}`)
        .join('<br>')}</td></tr>`,
  );
  return `<section class="page-delivery">
<h3>The page</h3>
<ul>${pageLines(page)
    .map((line) => `<li>${e(line)}</li>`)
    .join('')}</ul>
${checks.length > 0 ? `<table class="page-checks"><thead><tr><th>outcome</th><th>delivery check</th><th>detail</th></tr></thead><tbody>${checks.join('')}</tbody></table>` : ''}
${delivered.length > 0 ? `<p>Notifications delivered to the drill's webhook:</p><table class="page-notifications"><thead><tr><th>received</th><th>status</th><th>meant for</th><th>labels</th><th>annotations</th></tr></thead><tbody>${delivered.join('')}</tbody></table>` : '<p class="muted">No notification for the alert was delivered.</p>'}
</section>`;
}

/** "+Inf%" in an annotation is no measurement; said beside it, as the Markdown report says it. */
function noted(value: string): string {
  const note = nonFiniteNote(value);
  return note ? ` <small class="muted">(${e(note)})</small>` : '';
}
