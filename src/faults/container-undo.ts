// Removes what the docker provider started, from the ledger alone: a container (by the
// name or id recorded before it was created) and the drill's network. Through the
// `docker` CLI, bounded, so `chaos rollback` works without loading testcontainers.

import { docker, type CommandRunner } from '../stack/containers/docker-cli.js';
import { CommandError } from '../proc/run-command.js';
import type { Undoer } from './undoer.js';

export type { CommandRunner };

const REMOVE_WITHIN_MS = 10_000;

export function containerUndoer(run: CommandRunner): Undoer {
  return async (params) => {
    const container = String(params.container);
    const part = params.part ? ` (${String(params.part)})` : '';
    let stdout: string;
    try {
      // -v: Prometheus's image declares a volume; without it an anonymous one is left.
      stdout = await run('docker', ['rm', '--force', '--volumes', container], REMOVE_WITHIN_MS);
    } catch (error) {
      if (isNotFound(error, /no such container/i)) return alreadyGone(container, part);
      throw explained(error, `remove container ${container}`);
    }
    // docker rm --force prints each name it removed; newer CLIs exit 0 with nothing on
    // stdout for a container that does not exist (older ones fail with "No such container").
    return stdout.trim() ? `removed container ${container}${part}` : alreadyGone(container, part);
  };
}

export function networkUndoer(run: CommandRunner): Undoer {
  return async (params) => {
    const network = String(params.network);
    try {
      await run('docker', ['network', 'rm', network], REMOVE_WITHIN_MS);
      return `removed network ${network}`;
    } catch (error) {
      if (isNotFound(error, /no such network|network .* not found/i))
        return `network ${network} was already gone`;
      throw explained(error, `remove network ${network}`);
    }
  };
}

export const undoContainer: Undoer = containerUndoer(docker);
export const undoNetwork: Undoer = networkUndoer(docker);

function alreadyGone(container: string, part: string): string {
  return `container ${container}${part} was already gone`;
}

function isNotFound(error: unknown, pattern: RegExp): boolean {
  return error instanceof CommandError && pattern.test(error.stderr);
}

/** What could not be done, and what the reader can do about it. */
export function explained(error: unknown, what: string): Error {
  const message = (error as Error).message;
  if (/ENOENT/.test(message))
    return new Error(
      `could not ${what}: no docker CLI on PATH; remove it with your container engine's CLI, then run \`chaos rollback\``,
    );
  if (/cannot connect to the docker daemon/i.test(message))
    return new Error(
      `could not ${what}: the container engine does not answer (${message}); start it, then run \`chaos rollback\``,
    );
  return new Error(`could not ${what}: ${message}`);
}
