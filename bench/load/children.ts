// The processes a bench run starts, each through the stack's supervised-process code
// (SIGTERM then SIGKILL by pid, parent-death signal): the reference target, a
// toxiproxy-server, and the load generator as `chaos load --ready-json`.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoadSummary } from '../../src/load/metrics/progress.js';
import type { ProfileInput } from '../../src/load/profile/profile-types.js';
import { chaosBin } from '../../src/paths.js';
import { readyLineCollector } from '../../src/stack/process/ready-line.js';
import { SupervisedProcess } from '../../src/stack/process/supervised.js';
import { startReferenceTarget } from '../../src/stack/target/reference-target.js';
import { startToxiproxy } from '../../src/stack/toxiproxy/toxiproxy-server.js';
import { raiseSoftNofile } from './proc.js';

export interface Address {
  host: string;
  port: number;
}

export interface BenchTarget {
  stream: Address;
  metricsUrl: string;
  pid: number;
  /** The target's stderr lines (its resource-guard changes land here). */
  log: string[];
  stop(): Promise<unknown>;
}

export async function startTarget(): Promise<BenchTarget> {
  const log: string[] = [];
  const target = await startReferenceTarget({ onStderrLine: (line) => log.push(line) });
  raiseSoftNofile(target.process.pid);
  return {
    stream: target.stream,
    metricsUrl: target.metricsUrl,
    pid: target.process.pid,
    log,
    stop: () => target.process.stop(10_000),
  };
}

export async function startProxy(
  upstream: Address,
): Promise<{ listen: Address; pid: number; stop(): Promise<unknown> }> {
  const toxiproxy = await startToxiproxy();
  raiseSoftNofile(toxiproxy.process.pid);
  const { listen } = await toxiproxy.client.createProxy(
    'bench',
    '127.0.0.1:0',
    `${upstream.host}:${upstream.port}`,
  );
  const [host, port] = listen.split(/:(?=\d+$)/);
  return {
    listen: { host: host!, port: Number(port) },
    pid: toxiproxy.process.pid,
    stop: () => toxiproxy.process.stop(10_000),
  };
}

export interface BenchGenerator {
  pid: number;
  /** One endpoint for `chaos load`; one per target for the two-target generator. */
  metricsUrls: string[];
  /** The summary line, once it has been printed. */
  summary: Promise<LoadSummary>;
  stop(): Promise<LoadSummary>;
}

/** `chaos load --ready-json --profile <file>` against `address`. */
/** `chaos load` options the bench varies. */
export interface GeneratorOptions {
  workers?: number;
  /** How many 127.0.0.x source addresses (`--source-addresses`); 0: the kernel picks. */
  sourceAddresses?: number;
}

export async function startGenerator(
  address: Address,
  profile: ProfileInput,
  options: GeneratorOptions = {},
): Promise<BenchGenerator> {
  const file = join(mkdtempSync(join(tmpdir(), 'chaos-bench-')), 'profile.json');
  writeFileSync(file, JSON.stringify(profile));
  const args = [
    chaosBin,
    'load',
    '--address',
    `${address.host}:${address.port}`,
    '--profile',
    file,
    '--ready-json',
    '--workers',
    String(options.workers ?? 0),
    ...(options.sourceAddresses === undefined
      ? []
      : ['--source-addresses', String(options.sourceAddresses)]),
    '--progress-every',
    '3600',
  ];
  return startGeneratorProcess('chaos load', args);
}

/** One generator process loading two targets (bench/load/two-target-generator.ts). */
export function startTwoTargetGenerator(
  first: Address,
  second: Address,
  profile: ProfileInput,
): Promise<BenchGenerator> {
  const script = fileURLToPath(new URL('./two-target-generator.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const args = [
    '--import',
    tsx,
    script,
    `${first.host}:${first.port}`,
    `${second.host}:${second.port}`,
    JSON.stringify(profile),
  ];
  return startGeneratorProcess('two-target generator', args);
}

async function startGeneratorProcess(name: string, args: string[]): Promise<BenchGenerator> {
  const ready = readyLineCollector();
  let resolveSummary!: (summary: LoadSummary) => void;
  const summary = new Promise<LoadSummary>((resolve) => (resolveSummary = resolve));
  const process = await SupervisedProcess.start({
    name,
    command: globalThis.process.execPath,
    args,
    onStdoutLine: (line) => {
      ready.onLine(line);
      if (line.includes('"event":"summary"')) resolveSummary(JSON.parse(line) as LoadSummary);
    },
  });
  const line = await ready.wait(process, `${name} did not print its ready line`, 60_000);
  return {
    pid: process.pid,
    metricsUrls: [line.metrics].flat().map(String),
    summary,
    stop: async () => {
      process.signal('SIGTERM');
      const bounded = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${name} printed no summary within 60 s of SIGTERM`)),
          60_000,
        ).unref(),
      );
      const result = await Promise.race([summary, bounded]);
      await process.stop(10_000);
      return result;
    },
  };
}
