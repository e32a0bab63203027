// Memory pressure when the target runs in a container: the container's own memory
// limit is the ceiling (`docker update --memory`, what an orchestrator's limit is), and
// the memory hog runs inside the same container, so every byte it holds is charged to
// the cgroup the target's guard reads. The hog is the same script as on this machine,
// from the target image's copy of the sources.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  containerExec,
  containerState,
  docker,
  sameIncarnation,
  setContainerMemory,
  type CommandRunner,
} from '../stack/containers/docker-cli.js';
import { useProjectEngine } from '../stack/containers/project-engine.js';
import type { Undoer } from './undoer.js';

/** Where the Dockerfile puts the sources (WORKDIR /app, src/ copied). */
const HOG_IN_IMAGE = 'src/faults/memory-hog-process.mjs';
const HOG_READY_WITHIN_MS = 30_000;

export interface ContainerMemoryUsage {
  /** The cgroup file inside the container it was read from (v2 memory.current, v1 usage_in_bytes). */
  file: string;
  bytes: number;
}

/** What the container's cgroup is charged now, read inside it. */
export async function containerMemoryUsage(container: string): Promise<ContainerMemoryUsage> {
  const out = await containerExec(container, [
    'sh',
    '-c',
    'for f in /sys/fs/cgroup/memory.current /sys/fs/cgroup/memory/memory.usage_in_bytes; do if [ -r "$f" ]; then echo "$f $(cat "$f")"; exit 0; fi; done; exit 1',
  ]);
  const match = /^(\/sys\/fs\/cgroup\/\S+) (\d+)$/m.exec(out);
  if (!match)
    throw new Error(`could not read ${container}'s memory usage (read ${out.slice(0, 80)})`);
  return { file: match[1]!, bytes: Number(match[2]) };
}

export interface ContainerHog {
  /** Its pid inside the container. */
  pid: number;
  command: string;
}

/**
 * Starts the hog inside the container and waits until it holds `bytes`. `onSpawned`
 * runs as soon as its pid is known, before it holds anything: the ledger records it there.
 */
export async function startContainerHog(
  container: string,
  bytes: number,
  /** It holds the group near this ceiling (see the hog), reading its usage from `usageFile`. */
  hold: { usageFile: string; ceiling: number },
  onSpawned: (hog: ContainerHog) => void,
): Promise<ContainerHog> {
  useProjectEngine();
  const command = `node ${HOG_IN_IMAGE} ${bytes} ${hold.usageFile} ${hold.ceiling}`;
  // `$$` is the shell's pid, which `exec` hands to node: the pid the ledger records.
  const client = spawn(
    'docker',
    ['exec', container, 'sh', '-c', `echo "pid $$"; exec ${command}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  client.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  let hog: ContainerHog | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `the memory hog in ${container} did not hold ${bytes} bytes within ${HOG_READY_WITHIN_MS / 1000} s`,
            ),
          ),
        HOG_READY_WITHIN_MS,
      );
      client.on('error', (error) => reject(error));
      client.on('exit', (code) => {
        clearTimeout(timer);
        reject(
          new Error(
            `the memory hog in ${container} ended (exit ${code}) before it held ${bytes} bytes: ${stderr.trim()}`,
          ),
        );
      });
      createInterface({ input: client.stdout }).on('line', (line) => {
        const pid = /^pid (\d+)$/.exec(line);
        if (pid) {
          hog = { pid: Number(pid[1]), command };
          onSpawned(hog);
        } else if (hog && /"event":"ready"/.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (error) {
    if (hog) await endContainerProcess(container, hog).catch(() => {});
    client.kill('SIGKILL');
    throw error;
  }
  // The exec session lives as long as the hog; ending the client would not end the hog
  // (the engine keeps an exec'd process), which the ledger's entry does by its pid.
  client.unref();
  client.stdout.destroy();
  client.stderr.destroy();
  return hog!;
}

/** Ends a process in the container when its command line is still the one recorded. */
async function endContainerProcess(
  container: string,
  process: ContainerHog,
  run: CommandRunner = docker,
): Promise<string> {
  const cmdline = await containerExec(
    container,
    ['sh', '-c', `tr '\\0' ' ' < /proc/${process.pid}/cmdline 2>/dev/null || true`],
    10_000,
    run,
  );
  if (cmdline.trim() !== process.command)
    return `pid ${process.pid} in ${container} is no longer ${process.command}; nothing to end`;
  // The shell's kill: a minimal image has no /bin/kill (procps).
  await containerExec(container, ['sh', '-c', `kill ${process.pid}`], 10_000, run);
  return `ended ${process.command} (pid ${process.pid} in ${container})`;
}

export function containerProcessUndoer(run: CommandRunner = docker): Undoer {
  return async (params) => {
    const container = String(params.container);
    const state = await sameIncarnation(container, params.startedAt, run);
    if (typeof state === 'string') return `${state}; the process went with it`;
    return endContainerProcess(
      container,
      { pid: Number(params.pid), command: String(params.command) },
      run,
    );
  };
}

export function containerMemoryUndoer(run: CommandRunner = docker): Undoer {
  return async (params) => {
    const container = String(params.container);
    const state = await containerState(container, run);
    if (!state) return `container ${container} is gone, and its limit with it`;
    const previous = Number(params.previousMemory);
    if (!(previous > 0))
      // The engine cannot lift a limit once set (`docker update --memory 0` keeps it); the
      // container is the run's own, and its own ledger entry removes it after this one.
      return `left ${container}'s memory limit in place: it had none before, and the engine cannot remove one (the container is removed with the drill's stack)`;
    try {
      await setContainerMemory(container, previous, Number(params.previousSwap), run);
    } catch (error) {
      // Lowering below what the container now uses fails (the kernel cannot reclaim it).
      return `left ${container}'s memory limit above ${previous} bytes (${(error as Error).message.slice(0, 200)}); the container is removed with the drill's stack`;
    }
    return `restored ${container}'s memory limit to ${previous} bytes`;
  };
}

export const undoContainerProcess: Undoer = containerProcessUndoer();
export const undoContainerMemory: Undoer = containerMemoryUndoer();

/** Only the hog this framework starts, in a container of the run, is ever ended from a ledger. */
export function containerProcessProblem(params: Record<string, unknown>): string | null {
  if (!Number.isInteger(params.pid) || (params.pid as number) < 2)
    return `pid ${JSON.stringify(params.pid)} is not a process the memory hog could be`;
  if (
    typeof params.command !== 'string' ||
    !/^node src\/faults\/memory-hog-process\.mjs \d+( \/sys\/fs\/cgroup\/[a-z_./]+ \d+)?$/.test(
      params.command,
    )
  )
    return `command ${JSON.stringify(params.command)} is not the memory hog this framework starts`;
  return null;
}
