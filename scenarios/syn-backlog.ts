// The runbook's third cause, network configuration: the target's listener runs in a
// namespace of the drill's own whose accept backlog is made tiny (net.core.somaxconn 8,
// SYN cookies off), and connection storms overflow it. The connections are lost in the
// kernel, before accept, so the server's counters, and the alert built on them, never
// see them: this drill shows client- and server-observed drop rates side by side and
// says whether the alert could see the cause. The remediation is the runbook's sysctl
// values inside the namespace and a listener restart (SIGHUP: a new listen() with the
// new backlog, sessions kept); net.core.netdev_max_backlog exists only host-wide and is
// reported as not applied unless --allow-host-sysctl is given.
//
// The load goes straight to the target: Toxiproxy dials its upstream one connection at a
// time, so a storm through it would reach the target serialized and never overflow.

import { defineScenario } from '../src/scenario/define-scenario.js';
import { connectionDropAlert, connectionDropPage, runbookVerification } from './shared/runbook.js';

/** Runbook-scale storms: 40 s of steady arrivals, then 5 s at 800 new sessions a second. */
function stormStages(cycles: number) {
  const cycle = [
    { duration: '40s', target: 20 },
    { duration: '10ms', target: 800 },
    { duration: '5s', target: 800 },
    { duration: '10ms', target: 20 },
  ];
  return Array.from({ length: cycles }, () => cycle).flat();
}

export default defineScenario({
  name: 'syn-backlog',
  description:
    'connection storms overflow a tiny accept backlog; the server never sees these drops, so the report says whether the alert could',
  cause: 'Network configuration (accept and SYN backlog)',
  alert: connectionDropAlert,
  loadPath: 'direct',
  load: {
    executor: 'ramping-arrival-rate',
    startRate: 20,
    timeUnit: '1s',
    preAllocatedVUs: 600,
    stages: stormStages(200),
    lifetime: { kind: 'uniform', min: '30s', max: '1m' },
    heartbeatInterval: '5s',
    pongTimeout: '3s',
    // A refused or overflowed SYN is retried after 1 s; a client gives up after 2 s.
    connectTimeout: '2s',
    handshakeTimeout: '2s',
    seed: 17,
  },
  runbook: {
    section: 'Network configuration',
    remediation:
      "Inside the target's namespace raise net.core.somaxconn and net.ipv4.tcp_max_syn_backlog to 65535 (net.core.netdev_max_backlog 5000 is host-wide), then restart the listener: kill -HUP {targetPid}",
  },
  inject: [
    {
      type: 'sysctl',
      values: {
        'net.core.somaxconn': '8',
        'net.ipv4.tcp_max_syn_backlog': '8',
        'net.ipv4.tcp_syncookies': '0',
      },
    },
    { type: 'reopen-listener' },
  ],
  remediate: [
    {
      type: 'sysctl',
      values: {
        'net.core.somaxconn': '65535',
        'net.ipv4.tcp_max_syn_backlog': '65535',
        'net.core.netdev_max_backlog': '5000',
      },
    },
    { type: 'reopen-listener' },
  ],
  verify: runbookVerification,
  page: connectionDropPage,
});
