// One drill of the report: verdict, the drop-rate chart (drawn in the browser from the
// embedded model), the checks, how faults and remediations were applied here, the
// rollback records, the plan's bounds, the exact rules that ran and the stack.

import type { ActionEvidence, DrillResult, PlanSummary } from '../../result/run-result.js';
import {
  clientSessionsLine,
  drillSteps,
  dropReasons,
  formatMs,
  abortLines,
  outcomeLabel,
  rateDefinitions,
  stopConditionLines,
} from '../format.js';
import { chartModel } from './chart-model.js';
import { badge, checksSection, firstMinutesSection } from './checks-section.js';
import { pageSection } from './page-section.js';
import { escapeHtml as e, jsonForScript } from './escape.js';

function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
}

function actionsSection(faults: ActionEvidence[], remediations: ActionEvidence[]): string {
  const actions = [...faults, ...remediations];
  if (actions.length === 0) return '';
  const rows = actions.map(
    (a) =>
      `<tr data-role="${e(a.role)}"><td>${e(a.role)}</td><td>${e(a.summary)}</td><td><pre>${e(a.how)}</pre></td><td><time>${e(a.at)}</time></td></tr>`,
  );
  return `<h3>How the faults and remediations were applied on this machine</h3>
<table class="actions"><thead><tr><th>role</th><th>what</th><th>how</th><th>at</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Each new target process: a restart the drill did not make is where recovery is judged from. */
function restartsSection(drill: DrillResult): string {
  const restarts = drill.targetRestarts ?? [];
  if (restarts.length === 0) return '';
  const rows = restarts.map(
    (r) => `<tr><td><time>${e(r.at)}</time></td><td>${e(r.by)}</td><td>${e(r.how)}</td></tr>`,
  );
  return `<h3>New target processes during the drill</h3>
<table class="restarts"><thead><tr><th>at</th><th>by</th><th>what was seen</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The clients' sessions by outcome and drop reason, and how each rate is computed. */
function clientsSection(drill: DrillResult): string {
  const sessions = drill.clientSessions;
  const reasons = sessions ? dropReasons(sessions) : [];
  const table =
    reasons.length === 0
      ? ''
      : `<table class="client-drops"><thead><tr><th>drop reason</th><th>sessions</th><th>example</th></tr></thead><tbody>${reasons
          .map(
            ([reason, n, example]) =>
              `<tr><td>${e(reason)}</td><td>${n}</td><td>${e(example)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<h3>What the clients saw</h3>
<p class="client-sessions">${sessions ? e(clientSessionsLine(sessions)) : 'the load did not report its sessions'}</p>
${table}
<p>How the rates are computed:</p>
${facts(rateDefinitions(drill.plan))}`;
}

/** Why the user's stop ended the drill early: the condition, what it returned, and when. */
function abortSection(drill: DrillResult): string {
  const conditions = stopConditionLines(drill);
  const watched =
    conditions.length > 0
      ? `<p class="stop-conditions">Stop conditions watched at every sample: ${conditions.map(e).join('; ')}</p>`
      : '';
  if (!drill.aborted) return watched;
  return `<h3>Why it stopped early</h3>
<ul class="aborted">${abortLines(drill.aborted)
    .map((line) => `<li>${e(line)}</li>`)
    .join('')}</ul>
${watched}`;
}

function rollbackSection(drill: DrillResult): string {
  if (drill.rollback.length === 0)
    return '<h3>Rollback</h3><p class="muted">nothing was recorded in the ledger.</p>';
  const rows = drill.rollback.map(
    (r) =>
      `<tr data-outcome="${e(r.outcome)}"><td>${badge(r.outcome === 'reverted' ? 'pass' : 'fail')} ${e(r.outcome)}</td><td>${e(r.kind)}</td><td>${e(r.description)}</td><td>${e(r.detail)}</td><td><time>${e(r.at)}</time></td></tr>`,
  );
  return `<h3>Rollback (every ledger entry, in reverse order)</h3>
<table class="rollback"><thead><tr><th>outcome</th><th>kind</th><th>change</th><th>detail</th><th>at</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function planSection(plan: PlanSummary): string {
  return `<h3>Plan and bounds</h3>
${facts([
  ['time scale', `${plan.timeScale} (${plan.profile})`],
  ['alert', `${plan.alert}, threshold ${plan.threshold} %`],
  ['rule window', formatMs(plan.ruleWindowMs)],
  ['for', formatMs(plan.forMs)],
  [
    'evaluation / scrape interval',
    `${formatMs(plan.evaluationIntervalMs)} / ${formatMs(plan.scrapeIntervalMs)}`,
  ],
  ['baseline', formatMs(plan.baselineMs)],
  ['alert must fire within', formatMs(plan.expectWithinMs)],
  ['recovery within (escalation bound)', formatMs(plan.verifyWithinMs)],
  ['theoretical minimum', formatMs(plan.theoreticalMinimumMs)],
])}
<p>Queries:</p>
${facts([
  ['alert expression', plan.queries.alert],
  ['server-observed drop rate', plan.queries.dropRate],
  ['client-observed drop rate', plan.queries.clientDropRate],
  ['verification', plan.queries.verify],
])}`;
}

export function drillSection(drill: DrillResult, index: number): string {
  const chartId = `chart-model-${index}`;
  return `
<section class="drill" id="drill-${index}" data-scenario="${e(drill.scenario)}" data-outcome="${e(drill.outcome)}">
  <h2>${badge(drill.outcome, drill.aborted !== undefined)} ${e(drill.scenario)}</h2>
  <p>${e(drill.description)}${drill.cause ? ` <span class="muted">(runbook cause: ${e(drill.cause)})</span>` : ''}</p>
  <p class="verdict ${e(drill.outcome)}"><b>${e(outcomeLabel(drill))}:</b> ${e(drill.message)}</p>
  <p class="muted">${e(drill.startedAt)} → ${e(drill.endedAt)}, ${e(formatMs(drill.durationMs))} (theoretical minimum ${e(formatMs(drill.plan.theoreticalMinimumMs))}); scenario file <code>${e(drill.file)}</code></p>
  ${abortSection(drill)}
  <h3>Drop rate</h3>
  <div class="drill-chart" data-model="${chartId}"></div>
  <script type="application/json" id="${chartId}">${jsonForScript(chartModel(drill))}</script>
  ${pageSection(drill)}
  ${clientsSection(drill)}
  ${firstMinutesSection(drill.firstMinutes)}
  ${checksSection(drill.steps, drillSteps(drill))}
  ${actionsSection(drill.faults, drill.remediations)}
  ${restartsSection(drill)}
  ${rollbackSection(drill)}
  ${planSection(drill.plan)}
  <h3>The rules that ran</h3>
  <p>From <code>${e(drill.rules.file)}</code>, rewritten to <code>${e(drill.rules.scaledFile)}</code>:</p>
  <pre class="rules">${e(drill.rules.text)}</pre>
  <h3>Stack</h3>
  ${facts(Object.entries(drill.stack))}
</section>`;
}
