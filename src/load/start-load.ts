// startLoad: the library entry point the drill engine and `chaos load` use. It runs a
// normalised profile against one address, in this process or in worker processes,
// behind one metrics endpoint, and reports progress and a final summary.

import { sourceAddressesFor } from './session/local-addresses.js';
import { startMetricsEndpoint, type MetricsEndpoint } from './metrics/metrics-endpoint.js';
import { type NofileLimit, raiseNofileLimit } from './nofile.js';
import {
  type LoadProgress,
  type LoadSummary,
  StartRate,
  addTallies,
  droppedTotal,
} from './metrics/progress.js';
import type { LoadProfile } from './profile/profile-types.js';
import { LoadRunner, STOP_GRACE_MS } from './runner.js';
import type { TargetAddress } from './session/session-recipe.js';
import { InProcessShard, type LoadShard } from './workers/shard.js';
import { WorkerShard } from './workers/worker-shard.js';

export interface StartLoadOptions {
  address: TargetAddress;
  profile: LoadProfile;
  /** Default 0: an ephemeral port, read it from metricsUrl. */
  metricsPort?: number;
  /** Default 127.0.0.1. */
  metricsHost?: string;
  /** 0 (default): sessions run in this process. N ≥ 1: in N worker processes, each with its own nofile limit. */
  workers?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** How often onProgress is called; default 1 s. */
  progressIntervalMs?: number;
  /** Source addresses to spread connections over; default 128 of 127.0.0.2… for a literal
   *  127.x target (local-addresses.ts says why), none otherwise. */
  sourceAddresses?: string[];
  /** How long stop() lets servers close their side before destroying; default 5 s. */
  stopGraceMs?: number;
}

export interface RunningLoad {
  metricsUrl: string;
  /** This process's nofile limit after trying to raise it (workers raise their own). */
  nofile: NofileLimit;
  workerPids: number[];
  progress(): LoadProgress;
  /** Ends every session as `completed`, closes the metrics endpoint and the workers. Bounded. */
  stop(): Promise<LoadSummary>;
  /** Resolves when the profile has run to its end (the metrics endpoint stays up until stop()). */
  done: Promise<LoadSummary>;
}

export async function startLoad(options: StartLoadOptions): Promise<RunningLoad> {
  const nofile = raiseNofileLimit();
  const workers = options.workers ?? 0;
  const runnerOptions = {
    address: options.address,
    profile: options.profile,
    localAddresses: options.sourceAddresses ?? sourceAddressesFor(options.address.host),
  };
  const shards: LoadShard[] = [];
  let endpoint: MetricsEndpoint | undefined;
  try {
    if (workers > 0) {
      const started = await Promise.allSettled(
        Array.from({ length: workers }, (_, index) =>
          WorkerShard.prepare(index, { ...runnerOptions, shard: { index, count: workers } }),
        ),
      );
      for (const result of started) if (result.status === 'fulfilled') shards.push(result.value);
      const failure = started.find((result) => result.status === 'rejected');
      if (failure) throw (failure as PromiseRejectedResult).reason;
    } else {
      shards.push(new InProcessShard(new LoadRunner(runnerOptions)));
    }
    endpoint = await startMetricsEndpoint(
      shards,
      options.metricsHost ?? '127.0.0.1',
      options.metricsPort ?? 0,
    );
  } catch (error) {
    await Promise.all(shards.map((shard) => shard.stop(0).then(() => shard.close())));
    throw error;
  }

  const startedAt = Date.now();
  for (const shard of shards) shard.begin(startedAt);
  const startRate = new StartRate();
  const progress = (): LoadProgress => {
    const tallies = addTallies(shards.map((shard) => shard.tallies()));
    const now = Date.now();
    return {
      ...tallies,
      elapsedMs: now - startedAt,
      droppedTotal: droppedTotal(tallies),
      startedPerSecond: startRate.sample(now, tallies.started),
    };
  };
  const reporter = setInterval(
    () => options.onProgress?.(progress()),
    options.progressIntervalMs ?? 1_000,
  );

  const combine = (summaries: LoadSummary[]): LoadSummary => {
    const tallies = addTallies(summaries);
    return {
      ...tallies,
      seed: options.profile.seed,
      durationMs: Date.now() - startedAt,
      droppedTotal: droppedTotal(tallies),
      stopped: summaries.some((summary) => summary.stopped),
    };
  };
  const done = Promise.all(shards.map((shard) => shard.done)).then(combine);
  done.catch(() => {});

  let stopping: Promise<LoadSummary> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(reporter);
      try {
        const summaries = await Promise.all(
          shards.map((shard) => shard.stop(options.stopGraceMs ?? STOP_GRACE_MS)),
        );
        return combine(summaries);
      } finally {
        await endpoint.close();
        await Promise.all(shards.map((shard) => shard.close()));
      }
    })());

  return {
    metricsUrl: endpoint.url,
    nofile,
    workerPids: shards.flatMap((shard) =>
      shard instanceof WorkerShard && shard.pid ? [shard.pid] : [],
    ),
    progress,
    stop,
    done,
  };
}
