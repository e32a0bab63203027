// The parent's handle on one load worker process: starts it through tsx, keeps its
// latest counts, asks it for metrics, stops it, and never waits on it without a bound.

import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type LoadSummary,
  type LoadTallies,
  droppedTotal,
  emptyTallies,
} from '../metrics/progress.js';
import type { RunnerOptions } from '../runner.js';
import type { LoadShard, MetricsJson } from './shard.js';
import type { FromWorker, ToWorker } from './worker-messages.js';
import type { NofileLimit } from '../nofile.js';

const WORKER_ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Starting tsx and compiling the worker on a busy machine can take a while. */
const START_TIMEOUT_MS = 60_000;
const METRICS_TIMEOUT_MS = 5_000;
/** Beyond the stop grace, for the worker to report and exit. */
const EXIT_TIMEOUT_MS = 10_000;

export class WorkerShard implements LoadShard {
  readonly done: Promise<LoadSummary>;
  nofile: NofileLimit | undefined;
  private latest: LoadTallies = emptyTallies();
  private summary: LoadSummary | undefined;
  private nextId = 0;
  private readonly pendingMetrics = new Map<number, (metrics: MetricsJson) => void>();
  private readonly exited: Promise<void>;
  private resolveDone!: (summary: LoadSummary) => void;
  private rejectDone!: (error: Error) => void;

  private constructor(
    private readonly child: ChildProcess,
    index: number,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => {}); // read through startLoad's done; never an unhandled rejection
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: FromWorker) => this.received(message));
    child.once('exit', (code, signal) => {
      for (const resolve of this.pendingMetrics.values()) resolve([]);
      this.pendingMetrics.clear();
      if (!this.summary) {
        this.rejectDone(
          new Error(
            `load worker ${index} (pid ${child.pid}) exited (${signal ?? `code ${code}`}) before reporting its summary`,
          ),
        );
      }
    });
  }

  static async prepare(index: number, options: RunnerOptions): Promise<WorkerShard> {
    const child = fork(WORKER_ENTRY, [], {
      execArgv: ['--import', TSX_LOADER],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const shard = new WorkerShard(child, index);
    const started = new Promise<NofileLimit>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `load worker ${index} (pid ${child.pid}) did not start within ${START_TIMEOUT_MS / 1000} s`,
            ),
          ),
        START_TIMEOUT_MS,
      );
      child.on('message', (message: FromWorker) => {
        if (message.type === 'prepared') resolve(message.nofile);
        if (message.type === 'failed')
          reject(new Error(`load worker ${index} could not start: ${message.message}`));
      });
      child.once('exit', (code, signal) =>
        reject(
          new Error(
            `load worker ${index} (pid ${child.pid}) exited (${signal ?? `code ${code}`}) while starting`,
          ),
        ),
      );
      child.once('error', reject);
      void shard.exited.then(() => clearTimeout(timer));
      void Promise.resolve().then(() => shard.post({ type: 'prepare', options }));
    });
    try {
      shard.nofile = await started;
    } catch (error) {
      await shard.kill();
      throw error;
    }
    return shard;
  }

  /** Starts the worker's clock; every worker of a run gets the same startAt. */
  begin(startAt: number): void {
    this.post({ type: 'begin', startAt });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  tallies(): LoadTallies {
    return this.latest;
  }

  metricsJson(): Promise<MetricsJson> {
    if (this.child.exitCode !== null || !this.child.connected) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingMetrics.delete(id);
        resolve([]); // a worker too busy to answer leaves a gap in one scrape, not a hung endpoint
      }, METRICS_TIMEOUT_MS);
      this.pendingMetrics.set(id, (metrics) => {
        clearTimeout(timer);
        resolve(metrics);
      });
      this.post({ type: 'metrics', id });
    });
  }

  async stop(graceMs?: number): Promise<LoadSummary> {
    if (this.summary) return this.summary;
    this.post({ type: 'stop', graceMs });
    const bound = (graceMs ?? 5_000) + EXIT_TIMEOUT_MS;
    const summary = await Promise.race([
      this.done.catch(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), bound).unref()),
    ]);
    if (summary) return summary;
    await this.kill();
    // The worker never reported: its last counts are the best there is.
    return {
      ...this.latest,
      seed: NaN,
      durationMs: NaN,
      droppedTotal: droppedTotal(this.latest),
      stopped: true,
    };
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.disconnect();
    const exited = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), EXIT_TIMEOUT_MS).unref()),
    ]);
    if (!exited) await this.kill();
  }

  private received(message: FromWorker): void {
    switch (message.type) {
      case 'tallies':
        this.latest = message.tallies;
        return;
      case 'metrics':
        this.pendingMetrics.get(message.id)?.(message.metrics);
        this.pendingMetrics.delete(message.id);
        return;
      case 'done':
        this.summary = message.summary;
        this.latest = message.summary;
        this.resolveDone(message.summary);
        return;
    }
  }

  private post(message: ToWorker): void {
    if (this.child.connected) this.child.send(message);
  }

  private async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}
