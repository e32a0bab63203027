// How many sessions one generator holds against an address with zero drops: ramp a
// closed-model profile up to `level`, then hold it, watching the generator's own
// /metrics and the CPU and memory of every process involved.

import type { ProfileInput } from '../../src/load/profile/profile-types.js';
import type { BenchGenerator } from './children.js';
import { type GeneratorSample, sampleGenerators } from './generator-metrics.js';
import { cpuMs, rssBytes } from './proc.js';

export interface HoldResult {
  level: number;
  /** The level was reached and held for the whole hold with zero drops. */
  held: boolean;
  /** Highest active count seen while no session had dropped. */
  maxActiveWithoutDrops: number;
  /** Active sessions and drop reasons when the first drop was seen. */
  firstDrop?: { active: number; reasons: Record<string, number> };
  /** (generator RSS at the end − RSS before any session) ÷ active sessions. */
  rssPerSessionKiB: number;
  generatorRssMiB: number;
  /** CPU % of one core during the hold, per process. */
  holdCpuPercent: Record<string, number>;
  holdSeconds: number;
  rampSeconds: number;
  /** The generator's worst event-loop delay seen (ms), and scrapes that did not answer in 10 s. */
  maxGeneratorLagMs: number;
  missedScrapes: number;
}

const POLL_MS = 500;
const START_DELAY_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Above this many sessions the ramp slows down, so the first drop is located closely. */
const FAST_RAMP_TO = 16_000;

/**
 * The closed-model profile of a hold run: ramp to `level` VUs at `perSecond` up to
 * FAST_RAMP_TO and at a fifth of that beyond, then keep them.
 */
export function holdProfile(level: number, perSecond: number): ProfileInput {
  const fast = Math.min(level, FAST_RAMP_TO);
  const stages = [{ duration: `${Math.round((fast / perSecond) * 1_000)}ms`, target: fast }];
  if (level > fast)
    stages.push({
      duration: `${Math.round(((level - fast) / (perSecond / 5)) * 1_000)}ms`,
      target: level,
    });
  return {
    executor: 'ramping-vus',
    startVUs: 0,
    startTime: `${START_DELAY_MS}ms`,
    stages: [...stages, { duration: '1h', target: level }],
    lifetime: '2h',
    reconnect: false,
    gracefulStop: '0s',
  };
}

/** `start` launches the generator with the profile; this watches it ramp to `level` and hold. */
export async function holdSessions(
  start: (profile: ProfileInput) => Promise<BenchGenerator>,
  level: number,
  options: { rampPerSecond: number; holdMs: number; pids: Record<string, number> },
): Promise<HoldResult> {
  const generator = await start(holdProfile(level, options.rampPerSecond));
  const pids = { generator: generator.pid, ...options.pids };
  const rssBefore = rssBytes(generator.pid);
  const startedAt = Date.now();
  let maxActiveWithoutDrops = 0;
  let firstDrop: HoldResult['firstDrop'];
  let sample: GeneratorSample | undefined;
  let maxGeneratorLagMs = 0;
  let missedScrapes = 0;

  const watch = async () => {
    try {
      sample = await sampleGenerators(generator.metricsUrls);
    } catch {
      missedScrapes++; // a generator too busy to answer is itself a finding; keep watching
      return;
    }
    maxGeneratorLagMs = Math.max(maxGeneratorLagMs, sample.lagMs);
    if (sample.dropped === 0)
      maxActiveWithoutDrops = Math.max(maxActiveWithoutDrops, sample.active);
    else firstDrop ??= { active: sample.active, reasons: sample.droppedByReason };
  };

  try {
    // Ramp: until the level is reached, a drop is seen, or the ramp is well overdue.
    const rampBound = startedAt + START_DELAY_MS + (level / options.rampPerSecond) * 5_000 + 60_000;
    while (Date.now() < rampBound) {
      await watch();
      if (firstDrop || (sample && sample.active >= level)) break;
      await sleep(POLL_MS);
    }
    const rampSeconds = (Date.now() - startedAt - START_DELAY_MS) / 1_000;
    let holdSeconds = 0;
    const holdCpuPercent: Record<string, number> = {};
    const active = () => sample?.active ?? 0;
    if (!firstDrop && active() >= level) {
      const cpuBefore = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]),
      );
      const holdStart = Date.now();
      while (Date.now() - holdStart < options.holdMs) {
        await sleep(POLL_MS);
        await watch();
        if (firstDrop) break;
      }
      holdSeconds = (Date.now() - holdStart) / 1_000;
      for (const [name, pid] of Object.entries(pids)) {
        holdCpuPercent[name] = (cpuMs(pid) - cpuBefore[name]!) / (holdSeconds * 10);
      }
    }
    const rssNow = rssBytes(generator.pid);
    return {
      level,
      held: !firstDrop && active() >= level && holdSeconds * 1_000 >= options.holdMs,
      maxActiveWithoutDrops,
      firstDrop,
      rssPerSessionKiB: (rssNow - rssBefore) / 1024 / Math.max(1, active()),
      generatorRssMiB: rssNow / 2 ** 20,
      holdCpuPercent,
      holdSeconds,
      rampSeconds,
      maxGeneratorLagMs,
      missedScrapes,
    };
  } finally {
    await generator.stop();
  }
}
