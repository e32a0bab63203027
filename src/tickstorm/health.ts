// The /health document: who this instance is, how long it has run, its connections,
// the resource guard's view of each resource, and the settings a drill may have
// changed (the runbook's knobs among them), so a reader can see what is in effect.

import type { TargetConfig } from './config.js';
import type { TargetStats } from './connection-accounting.js';
import { formatBytes } from './go-units.js';
import type { HttpResponse } from './http-endpoints.js';
import { describePublishedBehaviours } from './published-behaviours.js';
import type { GuardState } from './resource-guard.js';

export interface HealthInputs {
  config: TargetConfig;
  stream: string;
  startedAtMs: number;
  stats: TargetStats;
  guard: GuardState;
}

export function healthDocument({ config, stream, startedAtMs, stats, guard }: HealthInputs) {
  return {
    status:
      guard.status === 'ok' ? 'healthy' : guard.status === 'warning' ? 'degraded' : 'critical',
    instance_id: config.instanceId,
    pid: process.pid,
    uptime_seconds: Math.round((Date.now() - startedAtMs) / 100) / 10,
    active_connections: stats.active,
    accepted_connections: stats.accepted,
    // The published server's name for the same count.
    total_connections: stats.accepted,
    dropped_connections: stats.dropped,
    dropped_by_reason: Object.fromEntries(
      Object.entries(stats.droppedByReason).filter(([, n]) => n > 0),
    ),
    guard: {
      status: guard.status,
      warning_percent: 80,
      critical_percent: 90,
      resources: guard.resources,
      sampled_at: guard.sampledAtMs > 0 ? new Date(guard.sampledAtMs).toISOString() : null,
      sample_error: guard.sampleError,
    },
    config: {
      stream,
      max_connections: config.maxConnections,
      auth:
        config.username !== '' || config.password !== ''
          ? 'credentials required'
          : config.asPublished.has('exact-credentials')
            ? 'empty credentials only'
            : 'any credentials',
      as_published: describePublishedBehaviours(config.asPublished),
      // NumCPU of the published worker pool, when it is on: its size is what queues sessions.
      published_pool_cpus: config.asPublished.has('silent-pool-queue')
        ? config.publishedPoolCpus
        : null,
      auth_timeout_ms: config.authTimeoutMs,
      auth_max_attempts: config.authMaxAttempts,
      auth_rate_limit_window_ms: config.authRateLimitWindowMs,
      heartbeat_interval_ms: config.heartbeatIntervalMs,
      heartbeat_timeout_ms: config.heartbeatTimeoutMs,
      keepalive_ms: config.keepAliveMs,
      write_deadline_ms: config.writeDeadlineMs,
      max_write_queue_size: config.maxWriteQueueSize,
      batch_window_ms: config.batchWindowMs,
      max_batch_size: config.maxBatchSize,
      symbols: config.symbols,
      gomemlimit: config.memoryBudgetBytes === null ? 'off' : formatBytes(config.memoryBudgetBytes),
      // Node has no GOGC; it is recorded so a drill can show the runbook's knob was set.
      gogc: config.gogc,
    },
  };
}

/** 200 while the guard admits connections, 503 while it rejects them. */
export function healthResponse(inputs: HealthInputs): HttpResponse {
  const document = healthDocument(inputs);
  return {
    status: inputs.guard.status === 'critical' ? 503 : 200,
    contentType: 'application/json',
    body: `${JSON.stringify(document, null, 2)}\n`,
  };
}
