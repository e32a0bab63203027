// A middlebox idle timeout, with a fault kind of our own (faults/connection-reset.ts,
// written with the public API as a user would): every second, sessions idle for 10 s
// are reset, as a NAT or load balancer that forgets quiet flows does. The clients
// heartbeat every 15 s (the protocol's interval) and subscribe by the minute, so a
// quiet session goes 10 s without a packet. The runbook's Network configuration answer
// is a TCP keepalive below the path's idle timeout (KEEPALIVE_INTERVAL=5s): probes after
// 5 s of quiet keep the flow alive, and the resets stop while the middlebox is still
// there. The idle timeout is shorter than the rule's window at every time scale, so a
// restart alone (the negative control) cannot pass on the quiet first seconds of
// fresh sessions.

import { defineScenario } from '../src/scenario/define-scenario.js';
import connectionReset from './faults/connection-reset.js';
import { connectionDropAlert, connectionDropPage, runbookVerification } from './shared/runbook.js';

export default defineScenario({
  name: 'connection-reset',
  description:
    'a middlebox resets connections idle for 10 s; a keepalive below it must bring drops back under 0.5 %',
  cause: 'Network configuration (idle timeout on the path)',
  alert: connectionDropAlert,
  faults: [connectionReset],
  // The fault acts on the target's own sockets; no proxy is in the way.
  loadPath: 'direct',
  load: {
    executor: 'constant-arrival-rate',
    rate: 10,
    timeUnit: '1s',
    duration: '4h',
    preAllocatedVUs: 600,
    // Sessions outlive the idle timeout at every time scale (lifetimes scale, 10 s does not).
    lifetime: { kind: 'uniform', min: '3m', max: '6m' },
    heartbeatInterval: '15s',
    mode: 'MINUTE',
    seed: 17,
  },
  runbook: {
    section: 'Network configuration',
    remediation:
      "Set a TCP keepalive below the path's idle timeout (KEEPALIVE_INTERVAL=5s) and restart the target (pid {targetPid}) while the middlebox keeps resetting idle flows.",
  },
  inject: [{ type: 'connection-reset', idleFor: '10s', every: '1s' }],
  remediate: [{ type: 'restart-target', env: { KEEPALIVE_INTERVAL: '5s' } }],
  verify: runbookVerification,
  page: connectionDropPage,
});
