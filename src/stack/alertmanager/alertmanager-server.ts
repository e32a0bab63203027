// Starts Debian's Alertmanager (`prometheus-alertmanager`, or `alertmanager` elsewhere)
// with the drill's config in a temp folder, on 127.0.0.1, clustering off (it would
// otherwise listen on port 9094 of every interface).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from '../find-binary.js';
import { MissingToolError } from '../missing-tool-error.js';
import { startOnFreePort } from '../process/on-free-port.js';
import type { SupervisedProcess } from '../process/supervised.js';

export interface RunningAlertmanager {
  url: string;
  configFile: string;
  process: SupervisedProcess;
}

export function findAlertmanager(env: NodeJS.ProcessEnv = process.env): string | null {
  return findBinary('prometheus-alertmanager', env) ?? findBinary('alertmanager', env);
}

export async function startAlertmanager(
  workDir: string,
  configText: string,
  options: { onSpawned?: (process: SupervisedProcess) => void; readyWithinMs?: number } = {},
): Promise<RunningAlertmanager> {
  const binary = findAlertmanager();
  if (!binary) {
    throw new MissingToolError(
      'alertmanager was not found on PATH; install it with `sudo apt-get install prometheus-alertmanager` or run `npm run setup`',
    );
  }
  const dir = join(workDir, 'alertmanager');
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, configText);
  const { url, process } = await startOnFreePort({
    name: 'alertmanager',
    command: binary,
    args: (port) => [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    readyPath: '/-/ready',
    readyWithinMs: options.readyWithinMs ?? 20_000,
    cwd: dir,
    ...(options.onSpawned ? { onSpawned: options.onSpawned } : {}),
  });
  return { url, configFile, process };
}
