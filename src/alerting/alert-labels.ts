// The labels an alerting rule's alerts can carry, known without a Prometheus: the
// rule's own `labels` and `alertname` with their values, and the labels its expression's
// result may carry (label-sets.ts: `sum by (instance_id)` keeps only instance_id).
// Prometheus's external labels are not counted: the drill's Prometheus sets none.

import {
  cannotCarry,
  knowledgeMemo,
  labelKnowledge,
  type LabelKnowledge,
} from '../prom/promql/label-sets.js';
import { parsePromQL } from '../prom/promql/parse.js';
import type { RuleSpec } from '../prom/rules-file.js';
import type { Matcher } from './matchers.js';
import { matches } from './matchers.js';

export interface AlertLabels {
  alert: string;
  /** Labels whose value is known: the rule's `labels` and `alertname`. */
  known: Record<string, string>;
  expression: LabelKnowledge | null;
  /** `rules.yml:12` */
  where: string;
  /** The rule's annotations, for the runbook_url check. */
  annotations: Record<string, string>;
}

export function alertLabels(rule: RuleSpec, where: string): AlertLabels {
  let expression: LabelKnowledge | null = null;
  try {
    const parsed = parsePromQL(rule.expr);
    const memo = knowledgeMemo(parsed.source, parsed.root);
    expression = labelKnowledge(parsed.source, parsed.root, undefined, memo);
  } catch {
    // A rule that does not parse is the PromQL lint's finding; here its labels are unknown.
  }
  return {
    alert: rule.name,
    known: { ...rule.labels, alertname: rule.name },
    expression,
    where,
    annotations: rule.annotations,
  };
}

/** Whether the alerts can carry `label` at all: 'no' when neither the rule nor its expression can. */
export function carries(alert: AlertLabels, label: string): 'yes' | 'maybe' | 'no' {
  if (label in alert.known) return 'yes';
  if (!alert.expression) return 'maybe';
  if (alert.expression.always.has(label)) return 'yes';
  return cannotCarry(alert.expression, label) ? 'no' : 'maybe';
}

/** A matcher against what is known: certain when the value is known or the label cannot exist. */
export function matcherVerdict(matcher: Matcher, alert: AlertLabels): 'yes' | 'no' | 'maybe' {
  if (matcher.name in alert.known) return matches(matcher, alert.known) ? 'yes' : 'no';
  if (carries(alert, matcher.name) === 'no') return matches(matcher, {}) ? 'yes' : 'no';
  return 'maybe';
}

export function matchersVerdict(matchers: Matcher[], alert: AlertLabels): 'yes' | 'no' | 'maybe' {
  let verdict: 'yes' | 'no' | 'maybe' = 'yes';
  for (const matcher of matchers) {
    const one = matcherVerdict(matcher, alert);
    if (one === 'no') return 'no';
    if (one === 'maybe') verdict = 'maybe';
  }
  return verdict;
}

/** Why an alert lacks a label, in the expression's words: `by (instance_id)`. */
export function whyNot(alert: AlertLabels, label: string): string {
  const kept = alert.expression?.atMost;
  return kept
    ? `its expression keeps only ${kept.size === 0 ? 'no labels' : [...kept].join(', ')} and the rule adds ${Object.keys(alert.known).join(', ')}`
    : `the rule and its expression never set ${label}`;
}
