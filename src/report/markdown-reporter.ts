// summary.md: the verdict first, then each drill's checks with their evidence; it reads
// well as a GitHub step summary.

import type { DrillResult, RunResult } from '../result/run-result.js';
import {
  clientSessionsLine,
  dropReasons,
  drillSteps,
  fixedAgeNotes,
  pageChecksOf,
  pageLines,
  evidenceLines,
  formatMs,
  OUTCOME_LABEL,
  abortLines,
  outcomeLabel,
  rateDefinitions,
  stopConditionLines,
} from './format.js';

// Free text in Markdown: names, label values and messages come from scenario files, rule
// files, Alertmanager configs and the target, so no raw HTML may get through. Only a `<`
// that could open a tag or comment is escaped: `< 0.5` in a query stays readable (code
// spans show entities literally), while `<img …>` or `<!--` from a name does not render.
export const md = (text: string) => text.replace(/<(?=[A-Za-z/!?])/g, '&lt;');
const cell = (text: string) => md(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A code span that its own backticks cannot end early. */
export const code = (text: string) => {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ' ' : ''}${text}${longest > 0 ? ' ' : ''}${fence}`;
};

function drillSection(drill: DrillResult): string {
  const lines: string[] = [];
  lines.push(`## ${drill.scenario}: ${outcomeLabel(drill)}`, '');
  lines.push(md(drill.description), '');
  lines.push(`**Verdict:** ${md(drill.message)}`, '');
  const conditions = stopConditionLines(drill);
  if (conditions.length > 0)
    lines.push(`Stop conditions watched at every sample: ${conditions.map(md).join('; ')}.`, '');
  if (drill.aborted) {
    lines.push('### Why it stopped early', '');
    for (const line of abortLines(drill.aborted)) lines.push(`- ${md(line)}`);
    lines.push('');
  }
  const p = drill.plan;
  lines.push(
    `Time scale ${p.timeScale} (${p.profile}): rule window ${formatMs(p.ruleWindowMs)}, \`for\` ${formatMs(p.forMs)}, evaluation every ${formatMs(p.evaluationIntervalMs)}, scrape every ${formatMs(p.scrapeIntervalMs)}; ` +
      `alert bound ${formatMs(p.expectWithinMs)}, escalation bound ${formatMs(p.verifyWithinMs)}. Wall time ${formatMs(drill.durationMs)} (theoretical minimum ${formatMs(p.theoreticalMinimumMs)}).`,
    '',
  );
  lines.push('| check | outcome | time | detail |', '|---|---|---|---|');
  for (const name of drillSteps(drill)) {
    const step = drill.steps.find((s) => s.name === name);
    if (!step) lines.push(`| ${name} | not run | | an earlier check did not pass |`);
    else
      lines.push(
        `| ${name}: ${cell(step.title)} | ${outcomeLabel(step)} | ${formatMs(step.durationMs)} | ${cell(step.message)} |`,
      );
  }
  lines.push('');
  if (drill.page) {
    lines.push('### The page', '');
    for (const line of pageLines(drill.page)) lines.push(`- ${cell(line)}`);
    lines.push('');
    const checks = [...pageChecksOf(drill, 'page'), ...pageChecksOf(drill, 'resolved-page')];
    const config = drill.page.checks.filter((c) => c.name === 'config loads');
    if (checks.length + config.length > 0) {
      lines.push('| delivery check | outcome | detail |', '|---|---|---|');
      for (const check of [...config, ...checks])
        lines.push(`| ${check.name} | ${OUTCOME_LABEL[check.outcome]} | ${cell(check.message)} |`);
      lines.push('');
    }
  }
  for (const step of drill.steps) {
    if (step.diagnosis) lines.push(`**Diagnosis (${step.name}):** ${md(step.diagnosis)}`, '');
  }
  if (drill.clientSessions) {
    lines.push(
      '### What the clients saw',
      '',
      `${md(clientSessionsLine(drill.clientSessions))}.`,
      '',
    );
    const reasons = dropReasons(drill.clientSessions);
    if (reasons.length > 0) {
      lines.push('| drop reason | sessions | example |', '|---|---|---|');
      for (const [reason, n, example] of reasons)
        lines.push(`| ${cell(reason)} | ${n} | ${cell(example)} |`);
      lines.push('');
    }
    const notes = fixedAgeNotes(drill.clientSessions);
    if (notes.length > 0) lines.push(...notes.map((note) => `- ${md(note)}`), '');
  }
  lines.push('How the rates are computed:', '');
  for (const [name, how] of rateDefinitions(drill.plan)) lines.push(`- ${name}: ${md(how)}`);
  lines.push('');
  const actions = [...drill.faults, ...drill.remediations];
  if (actions.length > 0) {
    lines.push('### How the faults and remediations were applied on this machine', '');
    for (const action of actions)
      lines.push(`- **${action.role}**: ${md(action.summary)}  \n  ${code(action.how)}`);
    lines.push('');
  }
  if (drill.targetRestarts?.length) {
    lines.push('### New target processes during the drill', '');
    for (const restart of drill.targetRestarts)
      lines.push(`- ${md(restart.at)}, by ${md(restart.by)}: ${md(restart.how)}`);
    lines.push('');
  }
  const evidence = drill.steps.filter(
    (s) => s.outcome !== 'pass' || s.name === 'verify' || s.name === 'expect',
  );
  if (evidence.some((s) => s.evidence.length > 0)) {
    lines.push('<details><summary>Evidence</summary>', '');
    for (const step of evidence) {
      for (const item of step.evidence)
        for (const line of evidenceLines(item)) lines.push(`- ${step.name}: ${md(line)}`);
    }
    lines.push('', '</details>', '');
  }
  lines.push(
    `Rules that ran: ${code(drill.rules.scaledFile)} (from ${code(drill.rules.file)}).`,
    '',
  );
  return lines.join('\n');
}

export function renderMarkdown(run: RunResult): string {
  const lines: string[] = [];
  lines.push(`# Resilience drills: ${outcomeLabel(run)}`, '');
  lines.push(
    `Run \`${run.runId}\`, ${run.startedAt}, ${formatMs(run.durationMs)}, exit code ${run.exitCode}${run.interrupted ? ' (interrupted)' : run.aborted ? ' (aborted on a stop condition or `chaos stop`)' : ''}.`,
    '',
  );
  lines.push('| drill | outcome | wall time | verdict |', '|---|---|---|---|');
  for (const drill of run.drills) {
    lines.push(
      `| ${drill.scenario} | ${outcomeLabel(drill)} | ${formatMs(drill.durationMs)} | ${cell(drill.message)} |`,
    );
  }
  lines.push('');
  if (run.recovered.length > 0) {
    lines.push(
      `Before this run, ${run.recovered.length} change(s) left by a crashed run were undone.`,
      '',
    );
  }
  for (const drill of run.drills) lines.push(drillSection(drill));
  return `${lines.join('\n')}\n`;
}
