// Client-side ground truth for Prometheus: sessions started, completed, dropped by
// reason, active, and the latencies a client sees. Own registry, never the global
// one; label values are reasons only, never per-connection.

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PREINITIALISED_REASONS, type DropReason } from '../session/outcome.js';

// Loopback handshakes take well under a millisecond; faults push them to seconds.
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export class LoadMetrics {
  readonly registry = new Registry();
  readonly started = new Counter({
    name: 'chaos_client_sessions_started_total',
    help: 'Sessions the load generator started (TCP connect attempted).',
    registers: [this.registry],
  });
  readonly completed = new Counter({
    name: 'chaos_client_sessions_completed_total',
    help: 'Sessions that reached their lifetime and were closed by the client.',
    registers: [this.registry],
  });
  readonly interrupted = new Counter({
    name: 'chaos_client_sessions_interrupted_total',
    help: 'Sessions the generator cut short before their lifetime was up (ramp-down, end of run, stop).',
    registers: [this.registry],
  });
  readonly dropped = new Counter({
    name: 'chaos_client_sessions_dropped_total',
    help: 'Sessions that ended without the client choosing to end them, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly sequenceGaps = new Counter({
    name: 'chaos_client_batch_sequence_gaps_total',
    help: 'DATA_BATCH numbers that skipped ahead (the published server numbers every frame it writes); never a drop.',
    registers: [this.registry],
  });
  readonly active = new Gauge({
    name: 'chaos_client_sessions_active',
    help: 'Sessions currently open (connecting, handshaking or streaming).',
    registers: [this.registry],
  });
  readonly eventLoopLag = new Gauge({
    name: 'chaos_client_event_loop_lag_seconds',
    help: "The generator's worst event-loop delay over the last second; seconds of it make its own timeouts suspect.",
    registers: [this.registry],
    // Workers each measure their own loop: the aggregate is the worst of them.
    aggregator: 'max',
  });
  readonly handshake = new Histogram({
    name: 'chaos_client_handshake_seconds',
    help: 'Connect start to the SUBSCRIBE ACK: connect, AUTH, ACK, SUBSCRIBE, ACK.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly pongRtt = new Histogram({
    name: 'chaos_client_pong_rtt_seconds',
    help: 'HEARTBEAT sent to its PONG received.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly tickLag = new Histogram({
    name: 'chaos_client_tick_lag_seconds',
    help: 'DATA_BATCH batch_timestamp_ms (server clock) to receipt (client clock).',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    for (const reason of PREINITIALISED_REASONS) this.dropped.inc({ reason }, 0);
  }

  drop(reason: DropReason): void {
    this.dropped.inc({ reason });
  }
}
