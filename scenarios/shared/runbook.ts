// What every drill takes from the connection-drop runbook: its alert (in the corrected
// rules file; `--rules` swaps in the published one) and its verification query, at
// runbook scale, with the escalation time as the bound.

export const connectionDropAlert = {
  name: 'TickStormConnectionDropRate',
  rules: 'rules/tickstorm-corrected.rules.yml',
  threshold: 0.5,
};

export const runbookVerification = {
  // The runbook's verification: the same ratio, below 0.5 (with its matching fixed).
  query:
    'sum by (instance_id) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / sum by (instance_id) (rate(tick_storm_total_connections_total[5m])) * 100 < 0.5',
  within: '15m',
};

/**
 * The page the connection-drop alert must become: to the on-call receiver of the
 * corrected Alertmanager config, with its severity, summary and runbook link, within
 * 2 minutes of firing (30 s group_wait plus margin) and 15 of the fault.
 */
export const connectionDropPage = {
  alertmanagerConfig: 'alerting/alertmanager.yml',
  receiver: 'tickstorm-oncall',
  labels: { severity: 'high' },
  annotations: ['summary', 'runbook_url'],
  within: { fromFault: '15m', fromFiring: '2m' },
};
