// Packet loss on the client path. Toxiproxy models what loss does to TCP everywhere:
// retransmission delays (latency with jitter, slicer); where root and network
// namespaces allow, nftables also drops packets at random between the clients and
// Toxiproxy, in a namespace the drill makes. (No reset_peer toxic: Toxiproxy sets
// SO_LINGER 0 on every connection of a proxy that has one, whatever its toxicity, so
// every clean client close reaches the target as a reset and counts as a drop.) With the tight connection timeout the target runs before
// the runbook's tuning, delayed heartbeats time sessions out. The remediation is the
// runbook's Prevention values for this runtime (connection timeout 300 s, keepalive
// 30 s), applied by a restart as a rollout would, while the loss goes on.

import { defineScenario } from '../src/scenario/define-scenario.js';
import { connectionDropAlert, connectionDropPage, runbookVerification } from './shared/runbook.js';

export default defineScenario({
  name: 'packet-loss',
  description:
    "loss on the client path times sessions out; the runbook's timeout tuning must bring drops back under 0.5 %",
  cause: 'Network configuration (packet loss)',
  alert: connectionDropAlert,
  // Before the runbook's tuning: a session dies 5.5 s after its last heartbeat, so a
  // heartbeat every 5 s (the interval the target expects) leaves half a second for the network.
  target: { env: { CONNECTION_TIMEOUT: '5.5s', HEARTBEAT_INTERVAL_MS: '5000' } },
  load: {
    executor: 'constant-arrival-rate',
    rate: 20,
    timeUnit: '1s',
    duration: '4h',
    preAllocatedVUs: 300,
    lifetime: { kind: 'uniform', min: '40s', max: '2m' },
    heartbeatInterval: '5s',
    // Clients are patient: the delays must show up as the server's timeouts, not theirs.
    pongTimeout: '4s',
    handshakeTimeout: '10s',
    connectTimeout: '10s',
    seed: 13,
  },
  runbook: {
    section: 'Network configuration',
    remediation:
      'Apply the Prevention timeouts (CONNECTION_TIMEOUT=300s, KEEPALIVE_INTERVAL=30s) and restart the target (pid {targetPid}) while the loss continues.',
  },
  inject: [
    // Retransmission delays of up to 1.2 s; kept under the clients' 2 s close grace, or
    // their closes would turn into resets through Toxiproxy and count as drops.
    {
      type: 'toxic',
      toxic: 'latency',
      stream: 'upstream',
      attributes: { latency: 600, jitter: 600 },
    },
    {
      type: 'toxic',
      toxic: 'slicer',
      stream: 'downstream',
      attributes: { average_size: 256, size_variation: 128, delay: 2000 },
    },
    { type: 'packet-loss', percent: 10, ifAvailable: true },
  ],
  remediate: [
    { type: 'restart-target', env: { CONNECTION_TIMEOUT: '300s', KEEPALIVE_INTERVAL: '30s' } },
  ],
  verify: runbookVerification,
  page: connectionDropPage,
});
