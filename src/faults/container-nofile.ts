// The target's file-descriptor limit when it runs in a container: `prlimit` run inside
// the container, as the container's own user, on its main process (pid 1 there). From
// this machine, prlimit on the container's process is refused even to root where the
// engine runs in a user namespace or without CAP_SYS_RESOURCE over it; the container's
// own user may always lower and raise its soft limit up to the hard one.

import { parseNofile } from '../proc/nofile-limit.js';
import {
  containerExec,
  sameIncarnation,
  docker,
  type CommandRunner,
} from '../stack/containers/docker-cli.js';
import type { Undoer } from './undoer.js';

/** The container's main process, as the container sees it. */
const MAIN = '1';
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export interface ContainerNofile {
  soft: number;
  hard: number;
  openFds: number;
}

export async function readContainerNofile(
  container: string,
  run: CommandRunner = docker,
): Promise<ContainerNofile> {
  // One exec for both, so the count and the limit describe the same moment.
  const out = await containerExec(
    container,
    ['sh', '-c', `cat /proc/${MAIN}/limits && echo "open $(ls /proc/${MAIN}/fd | wc -l)"`],
    10_000,
    run,
  );
  const limits = parseNofile(out);
  const open = /^open (\d+)$/m.exec(out);
  if (!limits || !open)
    throw new Error(
      `could not read the nofile limit of ${container}'s main process (docker exec printed: ${out.slice(0, 200)})`,
    );
  const finite = (value: number) => (Number.isFinite(value) ? value : UNLIMITED);
  return { soft: finite(limits.soft), hard: finite(limits.hard), openFds: Number(open[1]) };
}

export async function setContainerSoftNofile(
  container: string,
  soft: number,
  hard: number,
  run: CommandRunner = docker,
): Promise<void> {
  await containerExec(
    container,
    ['prlimit', '--pid', MAIN, `--nofile=${soft}:${hard}`],
    10_000,
    run,
  );
  const now = await readContainerNofile(container, run);
  if (now.soft !== soft)
    throw new Error(
      `prlimit in ${container} reported success but its soft nofile limit is ${now.soft}, not ${soft}`,
    );
}

/** Restores the limit recorded, unless the container (or this incarnation of it) is gone. */
export function containerNofileUndoer(run: CommandRunner = docker): Undoer {
  return async (params) => {
    const container = String(params.container);
    const previous = Number(params.previousSoft);
    const state = await sameIncarnation(container, params.startedAt, run);
    if (typeof state === 'string') return `${state}; its limit went with it`;
    const { hard } = await readContainerNofile(container, run);
    await setContainerSoftNofile(container, Math.min(previous, hard), hard, run);
    return `restored the soft nofile limit of ${container}'s main process to ${previous}`;
  };
}

export const undoContainerNofile: Undoer = containerNofileUndoer();
