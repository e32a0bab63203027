// The conversation between startLoad and a worker process, over the IPC channel.

import type { LoadSummary, LoadTallies } from '../metrics/progress.js';
import type { RunnerOptions } from '../runner.js';
import type { MetricsJson } from './shard.js';
import type { NofileLimit } from '../nofile.js';

export type ToWorker =
  | { type: 'prepare'; options: RunnerOptions }
  | { type: 'begin'; startAt: number }
  | { type: 'metrics'; id: number }
  | { type: 'stop'; graceMs?: number };

export type FromWorker =
  | { type: 'prepared'; nofile: NofileLimit }
  | { type: 'tallies'; tallies: LoadTallies }
  | { type: 'metrics'; id: number; metrics: MetricsJson }
  | { type: 'done'; summary: LoadSummary }
  | { type: 'failed'; message: string };

/** How often a worker reports its counts. */
export const WORKER_REPORT_MS = 250;
