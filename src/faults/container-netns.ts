// A container's network namespace, entered from this machine: every container has one
// of its own, so nftables rules there touch that container's traffic and nothing else.
// Entering it (nsenter, setns) needs root; the container itself needs no NET_ADMIN, and
// its image needs no nft, because the rules are written by this machine's nft.

import { findBinary } from '../stack/find-binary.js';
import { docker, sameIncarnation, type CommandRunner } from '../stack/containers/docker-cli.js';
import { CommandError, runCommand } from '../proc/run-command.js';
import type { Undoer } from './undoer.js';

/** Null when this process can write nftables rules in a container's namespace; otherwise why not. */
export function containerNetnsUnavailableReason(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return "entering a container's network namespace needs root (CAP_SYS_ADMIN)";
  if (!findBinary('nsenter')) return 'nsenter (util-linux) is not installed';
  if (!findBinary('nft')) return 'nft (nftables) is not installed';
  return null;
}

/** The command prefix that runs a program in the namespace of the process `hostPid`. */
export function containerNetnsExec(hostPid: number): string[] {
  return ['nsenter', `--net=/proc/${hostPid}/ns/net`];
}

/** Deletes a table the run wrote in a container's namespace, unless that container is gone. */
export function containerNftTableUndoer(run: CommandRunner = docker): Undoer {
  return async (params) => {
    const container = String(params.container);
    const table = String(params.table);
    const state = await sameIncarnation(container, params.startedAt, run);
    if (typeof state === 'string') return `${state}; table ${table} went with its namespace`;
    const inside = containerNetnsExec(state.hostPid);
    try {
      await runCommand(inside[0]!, [...inside.slice(1), 'nft', 'delete', 'table', 'inet', table]);
      return `deleted nftables table inet ${table} in ${container}'s network namespace`;
    } catch (error) {
      if (
        error instanceof CommandError &&
        /No such file or directory|does not exist/i.test(error.stderr)
      )
        return `table ${table} was already gone`;
      throw error;
    }
  };
}

export const undoContainerNftTable: Undoer = containerNftTableUndoer();
