// File-descriptor exhaustion, the runbook's first cause. Sessions churn through
// Toxiproxy; the fault lowers the target's soft nofile limit to just above the fds it
// has open, so its resource guard (critical at 90 %) turns new connections away and
// the drop rate climbs past 0.5 %. The runbook's remediation raises the limit to 65,536
// (or the hard limit, when that is lower) while the fault's cause, the churn, goes on.

import { defineScenario } from '../src/scenario/define-scenario.js';

export default defineScenario({
  name: 'fd-exhaustion',
  description:
    'the target runs out of file descriptors; raising its nofile limit must bring drops back under 0.5 %',
  cause: 'File descriptor exhaustion',
  alert: {
    name: 'TickStormConnectionDropRate',
    rules: 'rules/tickstorm-corrected.rules.yml',
    threshold: 0.5,
  },
  // Durations at runbook scale: sessions of 40 s to 2 min (4 to 12 s in ci), 20 new
  // sessions a second, so a 5-minute window (30 s in ci) sees thousands (hundreds).
  load: {
    executor: 'constant-arrival-rate',
    rate: 20,
    timeUnit: '1s',
    duration: '4h',
    preAllocatedVUs: 200,
    lifetime: { kind: 'uniform', min: '40s', max: '2m' },
    heartbeatInterval: '5s',
    pongTimeout: '3s',
    seed: 7,
  },
  runbook: {
    section: 'File descriptor exhaustion',
    remediation:
      "Raise the target's open-file limit to 65,536 (the hard limit, where that is lower): prlimit --pid {targetPid} --nofile=65536:65536, or on a machine whose hard limit is lower, prlimit --pid {targetPid} --nofile=$(ulimit -Hn):$(ulimit -Hn)",
  },
  inject: [{ type: 'nofile', soft: { openFdsPlus: 4 } }],
  remediate: [{ type: 'nofile', soft: 65536 }],
  verify: {
    // The runbook's verification: the same ratio, below 0.5 (with its matching fixed).
    query:
      'sum by (instance_id) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / sum by (instance_id) (rate(tick_storm_total_connections_total[5m])) * 100 < 0.5',
    within: '15m',
  },
});
