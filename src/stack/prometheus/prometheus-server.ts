// Starts Debian's `prometheus` with a generated config in a temp folder, on
// 127.0.0.1, storage in that folder, lifecycle API on (so rules can be reloaded).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from '../find-binary.js';
import { startOnFreePort } from '../process/on-free-port.js';
import type { SupervisedProcess } from '../process/supervised.js';
import { MissingToolError } from '../missing-tool-error.js';
import { prometheusConfig, type PrometheusConfigInput } from './prometheus-config.js';

export interface RunningPrometheus {
  url: string;
  configFile: string;
  process: SupervisedProcess;
}

export async function startPrometheus(
  workDir: string,
  config: PrometheusConfigInput,
  options: {
    readyWithinMs?: number;
    env?: NodeJS.ProcessEnv;
    /** Called as soon as the process exists, before it is ready: the ledger records it there. */
    onSpawned?: (process: SupervisedProcess) => void;
  } = {},
): Promise<RunningPrometheus> {
  const binary = findBinary('prometheus', options.env);
  if (!binary) {
    throw new MissingToolError(
      'prometheus was not found on PATH; install it with `sudo apt-get install prometheus` or run `npm run setup`',
    );
  }
  mkdirSync(workDir, { recursive: true });
  const configFile = join(workDir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(config));
  const { url, process } = await startOnFreePort({
    name: 'prometheus',
    command: binary,
    args: (port) => [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--storage.tsdb.retention.time=1d',
      '--log.level=warn',
    ],
    readyPath: '/-/ready',
    readyWithinMs: options.readyWithinMs ?? 20_000,
    cwd: workDir,
    ...(options.env ? { env: options.env } : {}),
    ...(options.onSpawned ? { onSpawned: options.onSpawned } : {}),
  });
  return { url, configFile, process };
}
