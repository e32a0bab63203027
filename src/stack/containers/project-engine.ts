// The engine `npm run setup -- --containers` starts where none ran (its socket under
// .tools/docker): used when the user named no engine (DOCKER_HOST) and the default
// socket is absent, so `--provider docker` and `chaos rollback` find it without setup.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../paths.js';

export const PROJECT_DOCKER_SOCKET = join(projectRoot, '.tools', 'docker', 'docker.sock');

/** Points DOCKER_HOST at the project's engine when nothing else is named; returns it, or null. */
export function useProjectEngine(env: NodeJS.ProcessEnv = process.env): string | null {
  const project = `unix://${PROJECT_DOCKER_SOCKET}`;
  if (env.DOCKER_HOST && env.DOCKER_HOST !== project) return null;
  if (!env.DOCKER_HOST) {
    if (existsSync('/var/run/docker.sock') || !existsSync(PROJECT_DOCKER_SOCKET)) return null;
    env.DOCKER_HOST = project;
  }
  // That engine runs on this kernel by construction: its published ports are on this
  // machine's loopback, whatever testcontainers guesses from /.dockerenv (the bridge
  // gateway, for a test run inside a container talking to its host's engine). Also when
  // the user exported DOCKER_HOST as setup prints it.
  env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  return env.DOCKER_HOST;
}
