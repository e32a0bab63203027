// The drill's checks in order, each with its outcome, message, diagnosis (a tree kept
// as preformatted text) and evidence: queries with their values and times, alert
// states, actions, notes. Also the runbook's first minutes when they were captured.

import type { Evidence, FirstMinutesItem, StepName, StepResult } from '../../result/run-result.js';
import { labelsText } from '../../prom/labels-text.js';
import { formatMs, OUTCOME_LABEL } from '../format.js';
import { escapeHtml as e } from './escape.js';

/** `aborted`: cut short by the user's stop, shown as such whatever its outcome. */
export function badge(outcome: StepResult['outcome'] | 'not-run', aborted = false): string {
  if (aborted) return '<span class="badge aborted">ABORTED</span>';
  const label = outcome === 'not-run' ? 'NOT RUN' : OUTCOME_LABEL[outcome];
  return `<span class="badge ${e(outcome)}">${e(label)}</span>`;
}

function resultValue(value: number | string): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : value;
}

function evidenceItem(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'query': {
      const result =
        evidence.result.length === 0
          ? '<em>no series</em>'
          : evidence.result
              .slice(0, 20)
              .map((r) => `<code>${e(labelsText(r.labels))} ${e(resultValue(r.value))}</code>`)
              .join('<br>') +
            (evidence.result.length > 20 ? `<br>… ${evidence.result.length - 20} more` : '');
      return (
        `<li class="evidence-query"><b>${e(evidence.label)}</b> at <time>${e(evidence.at)}</time>` +
        `<pre>${e(evidence.query)}</pre>→ ${result}` +
        `${evidence.note ? ` <span class="muted">(${e(evidence.note)})</span>` : ''}</li>`
      );
    }
    case 'alert':
      return (
        `<li class="evidence-alert">alert <b>${e(evidence.alert)}</b> ${e(evidence.state)} at <time>${e(evidence.at)}</time>` +
        `${evidence.activeAt ? `, active since <time>${e(evidence.activeAt)}</time>` : ''}` +
        `${evidence.value ? `, value ${e(evidence.value)}` : ''}</li>`
      );
    case 'action':
      return `<li class="evidence-action"><b>${e(evidence.role)}</b>: ${e(evidence.summary)}<pre>${e(evidence.how)}</pre></li>`;
    case 'note':
      return `<li class="evidence-note">${e(evidence.text)}</li>`;
  }
}

function check(step: StepResult): string {
  const time = `${formatMs(step.durationMs)}${step.boundMs !== undefined ? ` of a ${formatMs(step.boundMs)} bound` : ''}`;
  return `
<section class="check ${e(step.outcome)}" data-step="${e(step.name)}" data-outcome="${e(step.outcome)}">
  <h4>${badge(step.outcome, step.aborted)} ${e(step.name)}: ${e(step.title)} <span class="muted">(${e(time)})</span></h4>
  <p>${e(step.message)}</p>
  ${step.diagnosis ? `<p><b>Diagnosis</b></p><pre class="diagnosis">${e(step.diagnosis)}</pre>` : ''}
  ${step.evidence.length > 0 ? `<ul class="evidence">${step.evidence.map(evidenceItem).join('\n')}</ul>` : ''}
  <p class="muted">${e(step.startedAt)} → ${e(step.endedAt)}</p>
</section>`;
}

export function checksSection(steps: readonly StepResult[], names: readonly StepName[]): string {
  const parts = names.map((name) => {
    const step = steps.find((s) => s.name === name);
    if (step) return check(step);
    return `<section class="check not-run" data-step="${e(name)}" data-outcome="not-run"><h4>${badge('not-run')} ${e(name)}</h4><p class="muted">not run: an earlier check did not pass</p></section>`;
  });
  return `<h3>Checks</h3>\n${parts.join('\n')}`;
}

export function firstMinutesSection(items: readonly FirstMinutesItem[] | undefined): string {
  if (!items || items.length === 0) return '';
  const rows = items.map(
    (item) => `
<tr data-available="${item.available}">
  <td>${e(item.title)}</td>
  <td><code>${e(item.how)}</code></td>
  <td>${item.available ? `<pre>${e(item.value ?? '')}</pre>` : `<span class="badge no-data">UNAVAILABLE</span> ${e(item.reason ?? '')}`}</td>
</tr>`,
  );
  return `<h3>The runbook's first minutes, captured when the alert fired</h3>
<table class="first-minutes"><thead><tr><th>what</th><th>how</th><th>what it showed</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}
