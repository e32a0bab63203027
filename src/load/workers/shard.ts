// A shard is one event loop's part of a run: in this process, or in a worker process
// (worker-shard.ts). startLoad treats both the same way.

import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { LoadSummary, LoadTallies } from '../metrics/progress.js';
import type { LoadRunner } from '../runner.js';

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

export interface LoadShard {
  /** The latest counts (a worker reports them a few times a second). */
  /** Starts the clock at `startAt` (ms since epoch). */
  begin(startAt: number): void;
  tallies(): LoadTallies;
  metricsJson(): Promise<MetricsJson>;
  stop(graceMs?: number): Promise<LoadSummary>;
  readonly done: Promise<LoadSummary>;
  /** Releases what the shard holds after its summary (a worker process exits). */
  close(): Promise<void>;
}

export class InProcessShard implements LoadShard {
  readonly done: Promise<LoadSummary>;

  constructor(private readonly runner: LoadRunner) {
    this.done = runner.done;
  }

  begin(startAt: number): void {
    this.runner.begin(startAt);
  }

  tallies(): LoadTallies {
    return this.runner.progress();
  }

  metricsJson(): Promise<MetricsJson> {
    return this.runner.metrics.registry.getMetricsAsJSON();
  }

  stop(graceMs?: number): Promise<LoadSummary> {
    return this.runner.stop(graceMs);
  }

  async close(): Promise<void> {}
}
