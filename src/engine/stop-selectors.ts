// What a stop condition reads, for preflight: each vector selector, its metric name, and
// for ALERTS (and ALERTS_FOR_STATE) the alert it names, whose series exist only while it is
// pending or firing, so its rule is what must exist instead.

import { parsePromQL } from '../prom/promql/parse.js';
import { selectorParts } from '../prom/promql/matchers.js';
import { vectorSelectors } from '../prom/promql/selectors.js';

export interface ConditionSelector {
  /** The selector as written: `ALERTS{alertname="X"}`, `errors_total{code="5xx"}`. */
  text: string;
  metric?: string;
  /** Set for an ALERTS selector that names its alert with `alertname="…"`. */
  alertname?: string;
}

const ALERT_SERIES = new Set(['ALERTS', 'ALERTS_FOR_STATE']);

export function conditionSelectors(query: string): ConditionSelector[] {
  return vectorSelectors(query).map((text) => {
    const { tree, source } = parsePromQL(text);
    let parts: ReturnType<typeof selectorParts> = { matchers: [] };
    tree.topNode.cursor().iterate((ref) => {
      if (ref.name !== 'VectorSelector') return;
      parts = selectorParts(source, ref.node);
      return false;
    });
    const alertname = ALERT_SERIES.has(parts.metric ?? '')
      ? parts.matchers.find((m) => m.name === 'alertname' && m.op === '=')?.value
      : undefined;
    return {
      text,
      ...(parts.metric !== undefined ? { metric: parts.metric } : {}),
      ...(alertname !== undefined ? { alertname } : {}),
    };
  });
}

/** An ALERTS selector without `alertname="…"` (all alerts, or a regex): nothing to check. */
export function isAlertSeries(selector: ConditionSelector): boolean {
  return ALERT_SERIES.has(selector.metric ?? '');
}
