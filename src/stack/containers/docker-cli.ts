// The `docker` CLI at the engine a run used (the project's own when setup started it),
// bounded: what faults in containers and their undoers call. The CLI, not
// testcontainers, so `chaos rollback` acts on a crashed run's containers without the
// library, from the names its ledger recorded.

import { runCommand } from '../../proc/run-command.js';
import { useProjectEngine } from './project-engine.js';

/** runCommand's shape: resolves to stdout, rejects with a CommandError. */
export type CommandRunner = (file: string, args: string[], timeoutMs?: number) => Promise<string>;

export const docker: CommandRunner = (file, args, timeoutMs) => {
  useProjectEngine();
  return runCommand(file, args, timeoutMs);
};

/** What a fault needs to know of a running container: null when there is none of that name. */
export interface ContainerState {
  /** Its main process as this machine's kernel numbers it (for its namespaces). */
  hostPid: number;
  /** When this incarnation started: a container replaced under the same name starts later. */
  startedAt: string;
  running: boolean;
  /** Its memory limit in bytes, 0 when none; and memory+swap (-1: unlimited swap). */
  memory: number;
  memorySwap: number;
  oomKilled: boolean;
}

export async function containerState(
  name: string,
  run: CommandRunner = docker,
): Promise<ContainerState | null> {
  let stdout: string;
  try {
    stdout = await run(
      'docker',
      [
        'inspect',
        '--type',
        'container',
        '--format',
        '{{.State.Pid}} {{.State.StartedAt}} {{.State.Running}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.State.OOMKilled}}',
        name,
      ],
      10_000,
    );
  } catch (error) {
    if (/no such (container|object)/i.test((error as Error).message)) return null;
    throw error;
  }
  const [pid, startedAt, running, memory, swap, oom] = stdout.trim().split(' ');
  return {
    hostPid: Number(pid),
    startedAt: startedAt ?? '',
    running: running === 'true',
    memory: Number(memory),
    memorySwap: Number(swap),
    oomKilled: oom === 'true',
  };
}

/**
 * The container an undo entry recorded, when it still runs as the same incarnation (its
 * StartedAt); otherwise why there is nothing left to undo in it: the fault went with it.
 */
export async function sameIncarnation(
  container: string,
  startedAt: unknown,
  run: CommandRunner = docker,
): Promise<ContainerState | string> {
  const state = await containerState(container, run);
  if (!state || !state.running || state.hostPid <= 0) return `container ${container} is gone`;
  if (state.startedAt !== startedAt)
    return `container ${container} was replaced since (started ${state.startedAt})`;
  return state;
}

/** Runs a command inside the container as its own user (the image's USER): what a shell in it could do. */
export function containerExec(
  name: string,
  argv: string[],
  timeoutMs = 10_000,
  run: CommandRunner = docker,
): Promise<string> {
  return run('docker', ['exec', name, ...argv], timeoutMs);
}

/** Sets the container's memory limit, swap included, so the ceiling is the ceiling. */
export async function setContainerMemory(
  container: string,
  bytes: number,
  swap = bytes,
  run: CommandRunner = docker,
): Promise<void> {
  await run(
    'docker',
    ['update', '--memory', String(bytes), '--memory-swap', String(swap), container],
    30_000,
  );
}

/** The ownership proof of every entry that names a container: it carries the run's prefix. */
export function ownContainerProblem(container: unknown, runId: string): string | null {
  return typeof container === 'string' &&
    container.startsWith(`chaos-${runId}-`) &&
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(container)
    ? null
    : `container ${JSON.stringify(container)} is not this run's (chaos-${runId}-…)`;
}
