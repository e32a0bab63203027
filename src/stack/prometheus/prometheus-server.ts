// Starts Debian's `prometheus` with a generated config in a temp folder, on
// 127.0.0.1, storage in that folder, lifecycle API on (so rules can be reloaded).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from '../find-binary.js';
import { freePort, isAddressInUse } from '../free-port.js';
import { httpOk, ReadinessError, waitUntil } from '../process/readiness.js';
import { SupervisedProcess } from '../process/supervised.js';
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
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const process = await SupervisedProcess.start({
      name: 'prometheus',
      command: binary,
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
        '--storage.tsdb.retention.time=1d',
        '--log.level=warn',
      ],
      env: options.env,
      cwd: workDir,
    });
    options.onSpawned?.(process);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntil(() => httpOk(`${url}/-/ready`), {
        what: `prometheus did not answer /-/ready on 127.0.0.1:${port}`,
        withinMs: options.readyWithinMs ?? 20_000,
        process,
      });
      return { url, configFile, process };
    } catch (error) {
      await process.stop(2000);
      if (attempt < 3 && error instanceof ReadinessError && isAddressInUse(process.stderrTail(30)))
        continue;
      throw error;
    }
  }
}
