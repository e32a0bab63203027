// The generator's /metrics as the bench reads them: parsed with
// parse-prometheus-text-format, as Prometheus would read them.

import { createRequire } from 'node:module';

interface Family {
  name: string;
  metrics: { value?: string; labels?: Record<string, string>; count?: string }[];
}

const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Family[];

export interface GeneratorSample {
  active: number;
  started: number;
  completed: number;
  handshakes: number;
  dropped: number;
  droppedByReason: Record<string, number>;
  /** The generator's worst event-loop delay in the last second (ms). */
  lagMs: number;
}

/** One generator's samples, summed over its metrics endpoints. */
export async function sampleGenerators(metricsUrls: string[]): Promise<GeneratorSample> {
  const samples = await Promise.all(metricsUrls.map(sampleGenerator));
  const total: GeneratorSample = {
    active: 0,
    started: 0,
    completed: 0,
    handshakes: 0,
    dropped: 0,
    droppedByReason: {},
    lagMs: 0,
  };
  for (const sample of samples) {
    total.active += sample.active;
    total.started += sample.started;
    total.completed += sample.completed;
    total.handshakes += sample.handshakes;
    total.dropped += sample.dropped;
    total.lagMs = Math.max(total.lagMs, sample.lagMs);
    for (const [reason, count] of Object.entries(sample.droppedByReason)) {
      total.droppedByReason[reason] = (total.droppedByReason[reason] ?? 0) + count;
    }
  }
  return total;
}

export async function sampleGenerator(metricsUrl: string): Promise<GeneratorSample> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  const families = parse(await response.text());
  const value = (name: string) =>
    Number(families.find((f) => f.name === name)?.metrics[0]?.value ?? NaN);
  const droppedByReason: Record<string, number> = {};
  for (const sample of families.find((f) => f.name === 'chaos_client_sessions_dropped_total')
    ?.metrics ?? []) {
    const count = Number(sample.value);
    if (count > 0) droppedByReason[sample.labels!.reason!] = count;
  }
  return {
    active: value('chaos_client_sessions_active'),
    started: value('chaos_client_sessions_started_total'),
    completed: value('chaos_client_sessions_completed_total'),
    handshakes: Number(
      families.find((f) => f.name === 'chaos_client_handshake_seconds')?.metrics[0]?.count ?? NaN,
    ),
    dropped: Object.values(droppedByReason).reduce((a, b) => a + b, 0),
    droppedByReason,
    lagMs: value('chaos_client_event_loop_lag_seconds') * 1_000,
  };
}
