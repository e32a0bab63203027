// The engine `npm run setup -- --containers` starts where none ran (its socket under
// .tools/docker): used when the user named no engine (DOCKER_HOST) and the default
// socket is absent, so `--provider docker` and `chaos rollback` find it without setup.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../paths.js';

export const PROJECT_DOCKER_SOCKET = join(projectRoot, '.tools', 'docker', 'docker.sock');

/** Points DOCKER_HOST at the project's engine when nothing else is named; returns it, or null. */
export function useProjectEngine(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.DOCKER_HOST) return null;
  if (existsSync('/var/run/docker.sock') || !existsSync(PROJECT_DOCKER_SOCKET)) return null;
  env.DOCKER_HOST = `unix://${PROJECT_DOCKER_SOCKET}`;
  return env.DOCKER_HOST;
}
