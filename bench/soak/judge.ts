// What each drill of the ci suite must end as, and why a drill that did not counts as a
// failure: the gate's own expectations (the drill tests assert the same), judged from
// the journal alone.

import type { DrillResult, StepResult } from '../../src/result/run-result.js';

export type Expectation =
  'pass' | 'alert-blind' | 'fail-at-verify' | 'fail-at-preflight' | 'fail-at-baseline';

export const EXPECTATION_TEXT: Record<Expectation, string> = {
  pass: 'pass',
  'alert-blind': 'fail with alertBlind, the remediation proven on the clients',
  'fail-at-verify': 'fail at verify',
  'fail-at-preflight': 'fail at preflight',
  'fail-at-baseline': 'fail at baseline, every step before it passing',
};

export interface Verdict {
  scenario: string;
  outcome: DrillResult['outcome'];
  expected: Expectation;
  /** Null when the drill ended as expected; otherwise what differed. */
  differs: string | null;
  /** The deciding step's message and diagnosis, when the drill did not pass. */
  cause: string | null;
  durationMs: number;
}

const stepOf = (drill: DrillResult, name: StepResult['name']) =>
  drill.steps.find((s) => s.name === name);

/** Steps other than `except` that did not pass, as "name outcome". */
function notPassing(drill: DrillResult, except: StepResult['name'][] = []): string[] {
  return drill.steps
    .filter((s) => s.outcome !== 'pass' && !except.includes(s.name))
    .map((s) => `${s.name} ${s.outcome}`);
}

function differs(drill: DrillResult, expected: Expectation): string | null {
  const rollback = stepOf(drill, 'rollback');
  if (rollback?.outcome !== 'pass') return `rollback ${rollback?.outcome ?? 'missing'}`;
  switch (expected) {
    case 'pass':
      return drill.outcome === 'pass' ? null : `${drill.outcome}, expected pass`;
    case 'alert-blind': {
      if (drill.outcome !== 'fail' || !drill.alertBlind)
        return `${drill.outcome}${drill.alertBlind ? ' (alert blind)' : ''}, expected a fail with alertBlind`;
      const others = notPassing(drill, ['expect']);
      return others.length === 0 ? null : `alert blind, but ${others.join(', ')}`;
    }
    case 'fail-at-verify': {
      const verify = stepOf(drill, 'verify');
      if (verify?.outcome !== 'fail')
        return `verify ${verify?.outcome ?? 'never ran'}, expected verify fail (${drill.outcome} overall)`;
      // A cause the alert cannot see (syn-backlog) also fails the alert step, blind.
      const others = notPassing(drill, drill.alertBlind ? ['verify', 'expect'] : ['verify']);
      return others.length === 0 ? null : `verify failed, but so did ${others.join(', ')}`;
    }
    case 'fail-at-baseline': {
      const names = drill.steps.map((s) => `${s.name} ${s.outcome}`).join(', ');
      return names === 'preflight pass, baseline fail, rollback pass'
        ? null
        : `${names}, expected a baseline fail`;
    }
    case 'fail-at-preflight': {
      const names = drill.steps.map((s) => `${s.name} ${s.outcome}`).join(', ');
      return names === 'preflight fail, rollback pass'
        ? null
        : `${names}, expected a preflight fail`;
    }
  }
}

/** The step that decided the outcome (as the engine picks it), in one line. */
export function causeOf(drill: DrillResult): string | null {
  if (drill.outcome === 'pass') return null;
  const step =
    drill.steps.find((s) => s.outcome === drill.outcome) ??
    drill.steps.find((s) => s.outcome !== 'pass');
  if (!step) return drill.message;
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' | ');
  return `${step.name} ${step.outcome}: ${oneLine(step.message)}${step.diagnosis ? ` — diagnosis: ${oneLine(step.diagnosis)}` : ''}`;
}

export function judge(drill: DrillResult, expected: Expectation): Verdict {
  return {
    scenario: drill.scenario,
    outcome: drill.outcome,
    expected,
    differs: differs(drill, expected),
    cause: causeOf(drill),
    durationMs: drill.durationMs,
  };
}
