// The published server's metrics (PROTOCOL.md's table: exact names, types and label
// names) on a registry of our own, plus drops broken down by reason. The two runbook
// series keep the published label sets so the published alert's matching defect shows.

import client from 'prom-client';
import { DROP_REASONS, type DropReason } from './drop-reasons.js';

/** 0.001 × 2^k seconds, k = 0..9, as the published histogram. */
export const CONNECTION_DURATION_BUCKETS = Array.from({ length: 10 }, (_, k) => 0.001 * 2 ** k);

export type TargetMetrics = ReturnType<typeof createTargetMetrics>;

/** A counter that is registered but never moves: the published server's two connection counters. */
const FROZEN: Pick<client.Counter.Internal, 'inc'> = { inc: () => {} };

export function createTargetMetrics(
  instanceId: string,
  sample: { goroutines: () => number },
  options: { frozenConnectionCounters?: boolean; lazySeries?: boolean } = {},
) {
  const registry = new client.Registry();
  const registers = [registry];
  const instance = { instance_id: instanceId };

  const activeConnections = new client.Gauge({
    name: 'tick_storm_active_connections',
    help: 'Connections currently open on the stream listener.',
    labelNames: ['instance_id'],
    registers,
  });
  const totalConnections = new client.Counter({
    name: 'tick_storm_total_connections_total',
    help: 'TCP connections the stream listener accepted, including those the resource guard closed at once.',
    labelNames: ['instance_id'],
    registers,
  });
  const connectionErrors = new client.Counter({
    name: 'tick_storm_connection_errors_total',
    help: 'Accepted connections that ended for any reason other than the client closing them.',
    labelNames: ['instance_id', 'error_type'],
    registers,
  });
  const dropsByReason = new client.Counter({
    name: 'tick_storm_connection_drops_by_reason_total',
    help: 'Dropped connections by the reason the server ended them.',
    labelNames: ['instance_id', 'reason'],
    registers,
  });
  const connectionDuration = new client.Histogram({
    name: 'tick_storm_connection_duration_seconds',
    help: 'How long connections stayed open.',
    labelNames: ['instance_id'],
    buckets: CONNECTION_DURATION_BUCKETS,
    registers,
  });
  const messagesSent = new client.Counter({
    name: 'tick_storm_messages_sent_total',
    help: 'Frames written to clients.',
    labelNames: ['message_type', 'subscription_mode'],
    registers,
  });
  const messagesRecv = new client.Counter({
    name: 'tick_storm_messages_recv_total',
    help: 'Frames read from clients.',
    labelNames: ['message_type'],
    registers,
  });
  const bytesSent = new client.Counter({
    name: 'tick_storm_bytes_sent_total',
    help: 'Bytes written to clients.',
    labelNames: ['connection_type'],
    registers,
  });
  const bytesRecv = new client.Counter({
    name: 'tick_storm_bytes_recv_total',
    help: 'Bytes read from clients.',
    labelNames: ['connection_type'],
    registers,
  });
  const histogram = (name: string, help: string) =>
    new client.Histogram({
      name,
      help,
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
  const counter = (name: string, help: string) => new client.Counter({ name, help, registers });

  const metrics = {
    registry,
    activeConnections: activeConnections.labels(instance),
    // Frozen, the two series never appear at all, as against the published server.
    totalConnections: options.frozenConnectionCounters ? FROZEN : totalConnections.labels(instance),
    connectionDropped: options.frozenConnectionCounters
      ? FROZEN
      : connectionErrors.labels({ ...instance, error_type: 'connection_dropped' }),
    connectionDuration: connectionDuration.labels(instance),
    dropsByReason: Object.fromEntries(
      DROP_REASONS.map((reason) => [reason, dropsByReason.labels({ ...instance, reason })]),
    ) as Record<DropReason, client.Counter.Internal>,
    messagesSent,
    messagesRecv,
    bytesSent: bytesSent.labels({ connection_type: 'tcp' }),
    bytesRecv: bytesRecv.labels({ connection_type: 'tcp' }),
    publishLatency: histogram(
      'tick_storm_publish_latency_seconds',
      'From a batch falling due to its frame being queued on a connection.',
    ),
    writeLatency: histogram(
      'tick_storm_write_latency_seconds',
      'From a frame being queued to the kernel taking it.',
    ),
    messageProcessing: histogram(
      'tick_storm_message_processing_duration_seconds',
      'Time to handle one client frame.',
    ),
    writeTimeouts: counter('tick_storm_write_timeouts_total', 'Writes that timed out.'),
    writeDeadlineExceeded: counter(
      'tick_storm_write_deadline_exceeded_total',
      'Writes not drained within WRITE_DEADLINE_MS.',
    ),
    authSuccess: new client.Counter({
      name: 'tick_storm_auth_success_total',
      help: 'Successful AUTH frames.',
      labelNames: ['instance_id'],
      registers,
    }).labels(instance),
    authFailures: new client.Counter({
      name: 'tick_storm_auth_failures_total',
      help: 'Refused AUTH frames by reason.',
      labelNames: ['instance_id', 'reason'],
      registers,
    }),
    authRateLimited: counter(
      'tick_storm_auth_rate_limited_total',
      'AUTH attempts refused by the per-IP rate limit.',
    ),
    heartbeatTimeouts: counter(
      'tick_storm_heartbeat_timeouts_total',
      'Sessions closed for want of a heartbeat.',
    ),
    heartbeatsRecv: counter('tick_storm_heartbeats_recv_total', 'HEARTBEAT frames read.'),
    heartbeatSent: new client.Counter({
      name: 'tick_storm_heartbeat_sent_total',
      help: 'PONG frames written.',
      labelNames: ['instance_id'],
      registers,
    }).labels(instance),
    errors: new client.Counter({
      name: 'tick_storm_errors_total',
      help: 'ERROR frames sent, by kind and protocol error code.',
      labelNames: ['error_type', 'error_code'],
      registers,
    }),
    protocolErrors: new client.Counter({
      name: 'tick_storm_protocol_errors_total',
      help: 'Client frames that broke the protocol, by kind.',
      labelNames: ['instance_id', 'error_type'],
      registers,
    }),
  };

  new client.Gauge({
    name: 'tick_storm_memory_usage_bytes',
    help: 'Resident set size of the target process.',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  // Node has no goroutines; the closest honest count is the event loop's live resources.
  new client.Gauge({
    name: 'tick_storm_goroutines',
    help: 'Active event-loop resources (sockets, timers): the Node stand-in for goroutines.',
    registers,
    collect() {
      this.set(sample.goroutines());
    },
  });
  client.collectDefaultMetrics({ register: registry });

  // The published server's vectors (Go client CounterVec, GaugeVec) create a series at its
  // first use, so against it connection_dropped is absent until the first drop.
  if (options.lazySeries) return metrics;
  // The runbook's series exist from the start, so a rate() over them has data before the first drop.
  metrics.activeConnections.set(0);
  metrics.totalConnections.inc(0);
  metrics.connectionDropped.inc(0);
  for (const reason of DROP_REASONS) metrics.dropsByReason[reason].inc(0);
  metrics.authSuccess.inc(0);
  metrics.heartbeatSent.inc(0);
  metrics.bytesSent.inc(0);
  metrics.bytesRecv.inc(0);
  return metrics;
}
