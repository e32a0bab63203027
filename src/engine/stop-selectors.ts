// What a stop condition reads, for preflight: each vector selector, its metric name, and
// for ALERTS (and ALERTS_FOR_STATE) the alert it names, whose series exist only while it is
// pending or firing, so its rule is what must exist instead. A selector inside absent() or
// absent_over_time() is meant to match nothing: the condition holds exactly then.

import type { SyntaxNode } from '@lezer/common';
import { parsePromQL } from '../prom/promql/parse.js';
import { selectorParts } from '../prom/promql/matchers.js';

export interface ConditionSelector {
  /** The selector as written: `ALERTS{alertname="X"}`, `errors_total{code="5xx"}`. */
  text: string;
  metric?: string;
  /** Set for an ALERTS selector that names its alert with `alertname="…"`. */
  alertname?: string;
  /** Inside absent() or absent_over_time(): no series is what it waits for. */
  absenceWanted?: true;
}

const ALERT_SERIES = new Set(['ALERTS', 'ALERTS_FOR_STATE']);
const ABSENCE_FUNCTIONS = new Set(['Absent', 'AbsentOverTime']);

/** Each distinct selector of the query, in source order. */
export function conditionSelectors(query: string): ConditionSelector[] {
  const { tree, source } = parsePromQL(query);
  const found = new Map<string, ConditionSelector>();
  tree.topNode.cursor().iterate((ref) => {
    if (ref.name !== 'VectorSelector') return;
    const text = source.slice(ref.from, ref.to);
    const parts = selectorParts(source, ref.node);
    const alertname = ALERT_SERIES.has(parts.metric ?? '')
      ? parts.matchers.find((m) => m.name === 'alertname' && m.op === '=')?.value
      : undefined;
    const selector: ConditionSelector = {
      text,
      ...(parts.metric !== undefined ? { metric: parts.metric } : {}),
      ...(alertname !== undefined ? { alertname } : {}),
      ...(insideAbsence(ref.node) ? { absenceWanted: true as const } : {}),
    };
    // The same selector read for its presence somewhere must exist.
    const seen = found.get(text);
    if (!seen || (seen.absenceWanted && !selector.absenceWanted)) found.set(text, selector);
    return false;
  });
  return [...found.values()];
}

/** An ALERTS selector: its series exist only while the alert is pending or firing. */
export function isAlertSeries(selector: ConditionSelector): boolean {
  return ALERT_SERIES.has(selector.metric ?? '');
}

function insideAbsence(node: SyntaxNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.name !== 'FunctionCall') continue;
    const name = at.getChild('FunctionIdentifier')?.firstChild?.name;
    if (name && ABSENCE_FUNCTIONS.has(name)) return true;
  }
  return false;
}
