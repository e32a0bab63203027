// One alert's state as Prometheus sees it, read from /api/v1/rules: whether the rule is
// loaded at all, whether it evaluates cleanly, and whether it is pending or firing.

import type { AlertInstance, AlertInstanceState, AlertingRule } from './api-types.js';
import type { PrometheusClient } from './client.js';

export interface AlertState {
  alert: string;
  /** False when no loaded rule group has an alerting rule of this name. */
  loaded: boolean;
  group?: string;
  file?: string;
  /** `ok`, `err` or `unknown` (not evaluated yet). */
  health?: string;
  lastError?: string;
  lastEvaluation?: Date;
  /** The most advanced state of any instance: firing over pending over inactive. */
  state: AlertInstanceState;
  /** The earliest activeAt among the instances in `state`. */
  activeAt?: Date;
  /** The value of the first instance in `state` (the alert expression's value). */
  value?: number;
  labels?: Record<string, string>;
  instances: AlertInstance[];
}

const RANK: Record<AlertInstanceState, number> = { inactive: 0, pending: 1, firing: 2 };

export async function alertState(client: PrometheusClient, alert: string): Promise<AlertState> {
  for (const group of await client.rules()) {
    const rule = group.rules.find(
      (candidate): candidate is AlertingRule =>
        candidate.type === 'alerting' && candidate.name === alert,
    );
    if (rule) return stateOfRule(alert, rule, group.name, group.file);
  }
  return { alert, loaded: false, state: 'inactive', instances: [] };
}

/** The pure part: an alerting rule from /api/v1/rules summarized. */
export function stateOfRule(
  alert: string,
  rule: AlertingRule,
  group: string,
  file: string,
): AlertState {
  const instances = rule.alerts;
  const state = instances.reduce<AlertInstanceState>(
    (best, instance) => (RANK[instance.state] > RANK[best] ? instance.state : best),
    'inactive',
  );
  const leading = instances
    .filter((instance) => instance.state === state)
    .sort((a, b) => (a.activeAt?.getTime() ?? Infinity) - (b.activeAt?.getTime() ?? Infinity))[0];
  return {
    alert,
    loaded: true,
    group,
    file,
    health: rule.health,
    lastError: rule.lastError,
    lastEvaluation: rule.lastEvaluation,
    state,
    activeAt: leading?.activeAt,
    value: leading?.value,
    labels: leading?.labels,
    instances,
  };
}
