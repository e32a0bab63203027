// New sessions per second: an open-model profile at a fixed arrival rate with short
// lifetimes, measuring completed handshakes (connect, AUTH, ACK, SUBSCRIBE, ACK) per
// second over the middle of the run, and the generator's CPU per 1,000 of them.

import { type Address, type GeneratorOptions, startGenerator } from './children.js';
import { sampleGenerators } from './generator-metrics.js';
import { cpuMs } from './proc.js';

export interface RateResult {
  requested: number;
  /** Handshakes per second completed in the measured window. */
  achieved: number;
  dropped: number;
  droppedByReason: Record<string, number>;
  skipped: number;
  generatorCpuMsPer1000: number;
  /** CPU % of one core during the window, per process. */
  cpuPercent: Record<string, number>;
}

const START_DELAY_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sessionsPerSecond(
  address: Address,
  rate: number,
  options: { durationMs: number; pids: Record<string, number>; generator?: GeneratorOptions },
): Promise<RateResult> {
  const generator = await startGenerator(
    address,
    {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: `${options.durationMs}ms`,
      preAllocatedVUs: rate * 3,
      startTime: `${START_DELAY_MS}ms`,
      lifetime: '500ms',
      gracefulStop: '5s',
    },
    options.generator,
  );
  const pids = { generator: generator.pid, ...options.pids };
  const readyAt = Date.now();
  try {
    // Measure from 1.5 s in (past the first burst) to 0.5 s before the end.
    await sleep(Math.max(0, readyAt + START_DELAY_MS + 1_500 - Date.now()));
    const first = await sampleGenerators(generator.metricsUrls);
    const firstAt = Date.now();
    const cpuBefore = Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]),
    );
    await sleep(Math.max(0, readyAt + START_DELAY_MS + options.durationMs - 500 - Date.now()));
    const last = await sampleGenerators(generator.metricsUrls);
    const seconds = (Date.now() - firstAt) / 1_000;
    const cpuPercent: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids))
      cpuPercent[name] = (cpuMs(pid) - cpuBefore[name]!) / (seconds * 10);
    const handshakes = last.handshakes - first.handshakes;
    const summary = await Promise.race([
      generator.summary,
      sleep(options.durationMs + 30_000).then(() => undefined),
    ]);
    return {
      requested: rate,
      achieved: handshakes / seconds,
      dropped: summary?.droppedTotal ?? last.dropped,
      droppedByReason: summary?.dropped ?? last.droppedByReason,
      skipped: summary?.skipped ?? NaN,
      generatorCpuMsPer1000: ((cpuPercent.generator! * seconds * 10) / handshakes) * 1_000,
      cpuPercent,
    };
  } finally {
    await generator.stop();
  }
}
