// Small formatting shared by the reporters.

import type { Outcome } from '../result/outcome.js';
import { nonFiniteNote } from '../alerting/annotation-values.js';
import { labelsText } from '../prom/labels-text.js';
import type {
  AbortRecord,
  DrillResult,
  Evidence,
  PageCheck,
  PageRecord,
  PlanSummary,
  StepName,
} from '../result/run-result.js';
import { formatMs, formatRate } from '../result/format.js';
import { atFixedAge, fixedAgeNote, formatAgesAtClose } from '../load/metrics/ages-at-close.js';

export { formatMs, formatRate };

export const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  'no-data': 'NO DATA',
  error: 'ERROR',
};

/**
 * The label of a step, a drill or a run: ABORTED when the user's stop cut it short (its
 * outcome is then never pass; the label says why it is not), else its outcome's.
 */
export function outcomeLabel(of: {
  outcome: Outcome;
  aborted?: unknown;
  interrupted?: boolean;
}): string {
  return of.aborted && !of.interrupted ? 'ABORTED' : OUTCOME_LABEL[of.outcome];
}

/** Why a drill was aborted, in plain lines: the reason, the condition and what it returned. */
export function abortLines(stop: AbortRecord): string[] {
  return [
    `aborted at ${stop.at} by ${stop.by}${stop.seenBy ? ` (seen by drill ${stop.seenBy})` : ''}: ${stop.reason}`,
    ...(stop.condition ? [`condition \`${stop.condition.query}\``] : []),
    ...(stop.values ?? []).slice(0, 5).map((v) => `value ${labelsText(v.labels)} ${v.value}`),
  ];
}

/** The stop conditions a drill watched, one line each, and whether one held. */
export function stopConditionLines(drill: DrillResult): string[] {
  const held = drill.aborted?.condition?.query;
  return (drill.stopWhen ?? []).map(
    ({ name, query }) =>
      `${name === query ? `\`${query}\`` : `${name}: \`${query}\``}${query === held ? ' (held: the drill stopped)' : ''}`,
  );
}

/** The drill's checks in order; those not reached are reported as not run. */
export const DRILL_STEPS: readonly StepName[] = [
  'preflight',
  'baseline',
  'inject',
  'expect',
  'page',
  'remediate',
  'verify',
  'resolved-page',
  'rollback',
];

/** The checks this drill had: the page ones only when it checked a page (and a resolved one). */
export function drillSteps(drill: DrillResult): StepName[] {
  const page = drill.page && !drill.page.notChecked ? drill.page : null;
  return DRILL_STEPS.filter(
    (name) =>
      (name !== 'page' || page !== null) && (name !== 'resolved-page' || page?.resolvedExpected),
  );
}

/** Which of the page's delivery checks belong to a step. */
export function pageChecksOf(drill: DrillResult, step: StepName): PageCheck[] {
  const checks = drill.page?.checks ?? [];
  if (step === 'page')
    return checks.filter((c) => c.name !== 'resolved' && c.name !== 'config loads');
  if (step === 'resolved-page') return checks.filter((c) => c.name === 'resolved');
  return [];
}

/** The page in plain lines: where it went, when, and what it carried. */
export function pageLines(page: PageRecord): string[] {
  if (page.notChecked) return [`not checked: ${page.notChecked}`];
  const lines = [
    `meant for receiver ${page.receiver}; Alertmanager config ${page.config}${page.drillConfig ? ` (ran as ${page.drillConfig})` : ''}`,
  ];
  if (page.route)
    lines.push(
      `route: ${page.route.trail} → ${page.route.receiver} (group_wait ${page.route.groupWait})`,
    );
  const t = page.timeToNotify;
  lines.push(
    t && (t.fromFaultMs !== undefined || t.fromFiringMs !== undefined)
      ? `time to notify: ${[t.fromFaultMs !== undefined ? `${formatMs(t.fromFaultMs)} from the fault` : '', t.fromFiringMs !== undefined ? `${formatMs(t.fromFiringMs)} from firing` : ''].filter(Boolean).join(', ')}`
      : 'time to notify: no page was delivered',
  );
  if (page.resolvedAfterMs !== undefined)
    lines.push(
      `resolved notification: ${page.resolvedAfterMs >= 0 ? `${formatMs(page.resolvedAfterMs)} after` : `${formatMs(-page.resolvedAfterMs)} before`} the drill saw the alert resolve`,
    );
  const first = page.delivered.find((d) => d.status === 'firing');
  if (first) {
    lines.push(`delivered labels: ${labelsText(first.labels)}`);
    for (const [name, value] of Object.entries(first.annotations)) {
      const note = nonFiniteNote(value);
      lines.push(`annotation ${name}: ${value}${note ? ` (${note})` : ''}`);
    }
  }
  return lines;
}

/** One evidence item as plain text lines. */
export function evidenceLines(evidence: Evidence): string[] {
  switch (evidence.kind) {
    case 'query': {
      const result =
        evidence.result.length === 0
          ? 'no series'
          : evidence.result
              .slice(0, 5)
              .map(
                (r) =>
                  `${labelsText(r.labels)} ${typeof r.value === 'number' ? r.value.toPrecision(4) : r.value}`,
              )
              .join('; ');
      return [
        `${evidence.label}: \`${evidence.query}\` at ${evidence.at} → ${result}${evidence.note ? ` (${evidence.note})` : ''}`,
      ];
    }
    case 'alert':
      return [
        `alert ${evidence.alert} ${evidence.state} at ${evidence.at}${evidence.activeAt ? ` (active since ${evidence.activeAt})` : ''}${evidence.value ? `, value ${evidence.value}` : ''}`,
      ];
    case 'action':
      return [`${evidence.role}: ${evidence.summary}`, `  how: ${evidence.how}`];
    case 'note':
      return [evidence.text];
  }
}

type ClientSessions = NonNullable<DrillResult['clientSessions']>;

/** The clients' sessions by outcome, in one line: the ground truth beside the server's count. */
export function clientSessionsLine(sessions: ClientSessions): string {
  const reasons = dropReasons(sessions)
    .map(([reason, n]) => {
      const fixedAt = sessions.agesAtClose?.[reason]?.fixedAt;
      return fixedAt === undefined ? `${reason} ${n}` : `${reason} ${n} ${atFixedAge(fixedAt)}`;
    })
    .join(', ');
  return (
    `clients: ${sessions.started} sessions started, ${sessions.handshakes} finished the handshake; ` +
    `${sessions.completed} completed, ${sessions.interrupted} cut short by the drill's end, ${sessions.dropped} dropped` +
    (reasons ? ` (${reasons})` : '')
  );
}

/** Drop reasons, most frequent first, with the first example of each. */
export function dropReasons(sessions: ClientSessions): [string, number, string][] {
  return Object.entries(sessions.droppedByReason)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => [reason, n, sessions.examples[reason] ?? '']);
}

/** "closed_by_peer 140, all at 20.0 s of age: …" for each reason whose drops came at one age. */
export function fixedAgeNotes(sessions: ClientSessions): string[] {
  return Object.entries(sessions.agesAtClose ?? {})
    .map(([reason, ages]) => {
      const note = fixedAgeNote(reason, ages);
      return note ? `${note} (${formatAgesAtClose(ages)})` : null;
    })
    .filter((note) => note !== null);
}

/** How each drop rate on the chart and in the checks is worked out. */
export function rateDefinitions(plan: PlanSummary): [string, string][] {
  return [
    [
      'server-observed drop rate',
      `connections the target counted as dropped / connections it accepted, over the rule window (${formatMs(plan.ruleWindowMs)}), as the runbook computes it: \`${plan.queries.dropRate}\``,
    ],
    [
      'client-observed drop rate',
      `sessions dropped / sessions that ended (completed, cut short or dropped) over the same window, so never above 100 %: \`${plan.queries.clientDropRate}\``,
    ],
  ];
}
