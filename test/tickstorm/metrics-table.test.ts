// /metrics of the running reference target, parsed with parse-prometheus-text-format,
// checked against PROTOCOL.md's metric table: every name, its type and its label names.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageType } from '../../src/tickstorm/frame.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { type MetricFamily, scrape } from './scrape.js';
import { TestClient } from './tickstorm-client.js';
import { waitFor } from './wait-for.js';

/** PROTOCOL.md, "Metrics (names, types, labels)". */
const publishedTable: [name: string, type: MetricFamily['type'], labels: string[]][] = [
  ['tick_storm_active_connections', 'GAUGE', ['instance_id']],
  ['tick_storm_total_connections_total', 'COUNTER', ['instance_id']],
  ['tick_storm_connection_duration_seconds', 'HISTOGRAM', ['instance_id']],
  ['tick_storm_connection_errors_total', 'COUNTER', ['instance_id', 'error_type']],
  ['tick_storm_messages_sent_total', 'COUNTER', ['message_type', 'subscription_mode']],
  ['tick_storm_messages_recv_total', 'COUNTER', ['message_type']],
  ['tick_storm_bytes_sent_total', 'COUNTER', ['connection_type']],
  ['tick_storm_bytes_recv_total', 'COUNTER', ['connection_type']],
  ['tick_storm_publish_latency_seconds', 'HISTOGRAM', []],
  ['tick_storm_write_latency_seconds', 'HISTOGRAM', []],
  ['tick_storm_message_processing_duration_seconds', 'HISTOGRAM', []],
  ['tick_storm_write_timeouts_total', 'COUNTER', []],
  ['tick_storm_write_deadline_exceeded_total', 'COUNTER', []],
  ['tick_storm_auth_success_total', 'COUNTER', ['instance_id']],
  ['tick_storm_auth_failures_total', 'COUNTER', ['instance_id', 'reason']],
  ['tick_storm_auth_rate_limited_total', 'COUNTER', []],
  ['tick_storm_heartbeat_timeouts_total', 'COUNTER', []],
  ['tick_storm_heartbeats_recv_total', 'COUNTER', []],
  ['tick_storm_heartbeat_sent_total', 'COUNTER', ['instance_id']],
  ['tick_storm_errors_total', 'COUNTER', ['error_type', 'error_code']],
  ['tick_storm_protocol_errors_total', 'COUNTER', ['instance_id', 'error_type']],
  ['tick_storm_memory_usage_bytes', 'GAUGE', []],
  ['tick_storm_goroutines', 'GAUGE', []],
];

let target: RunningTarget;
let families: MetricFamily[];

beforeAll(async () => {
  target = await startTarget({
    port: 0,
    metricsPort: 0,
    healthPort: 0,
    username: 'u',
    password: 'p',
    instanceId: 'table-test',
  });
  // Touch every labelled series: a full session, a failed AUTH, a protocol error.
  const good = await TestClient.subscribed(target.streamAddress, { username: 'u', password: 'p' });
  good.heartbeat(1, 1);
  await good.nextPastBatches(MessageType.PONG);
  await good.nextBatch(5000);
  await good.end();
  const wrong = await TestClient.connect(target.streamAddress);
  wrong.auth('u', 'nope');
  await wrong.closedByServer();
  const rude = await TestClient.connect(target.streamAddress);
  rude.send(MessageType.HEARTBEAT);
  await rude.closedByServer();
  await waitFor('the sessions to end', () => target.stats().active === 0);
  families = await scrape(target.metricsUrl);
});

afterAll(async () => {
  await target?.close();
});

describe('reference target /metrics against PROTOCOL.md', () => {
  it.each(publishedTable)('%s is a %s with labels [%s]', (name, type, labels) => {
    const family = families.find((f) => f.name === name);
    expect(family, `${name} is missing from /metrics`).toBeDefined();
    expect(family!.type).toBe(type);
    expect(family!.metrics.length).toBeGreaterThan(0);
    for (const sample of family!.metrics) {
      expect(Object.keys(sample.labels ?? {}).sort()).toEqual([...labels].sort());
    }
  });

  it('buckets tick_storm_connection_duration_seconds at 0.001 × 2^k, k = 0..9', () => {
    const family = families.find((f) => f.name === 'tick_storm_connection_duration_seconds')!;
    const bounds = Object.keys(family.metrics[0]!.buckets!)
      .filter((b) => b !== '+Inf')
      .map(Number)
      .sort((a, b) => a - b);
    expect(bounds).toEqual(Array.from({ length: 10 }, (_, k) => 0.001 * 2 ** k));
  });

  it('keeps the runbook series on their published label sets, with the drop series at its value', () => {
    const errors = families.find((f) => f.name === 'tick_storm_connection_errors_total')!;
    expect(errors.metrics).toEqual([
      { labels: { instance_id: 'table-test', error_type: 'connection_dropped' }, value: '2' },
    ]);
    const total = families.find((f) => f.name === 'tick_storm_total_connections_total')!;
    expect(total.metrics).toEqual([{ labels: { instance_id: 'table-test' }, value: '3' }]);
  });

  it('breaks drops down by reason in a separate counter', () => {
    const byReason = families.find(
      (f) => f.name === 'tick_storm_connection_drops_by_reason_total',
    )!;
    expect(byReason.type).toBe('COUNTER');
    const nonZero = byReason.metrics
      .filter((m) => Number(m.value) > 0)
      .map((m) => [m.labels!.reason, m.value]);
    expect(nonZero.sort()).toEqual([
      ['auth_failed', '1'],
      ['protocol_error', '1'],
    ]);
  });
});
