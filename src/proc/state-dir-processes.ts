// The processes a run with a private state folder left running, found by the
// CHAOS_STATE_DIR their environment inherited (recorded in a ledger or not), for the
// crash tests and the soak to end what a killed run left, by pid.

import { readdirSync, readFileSync } from 'node:fs';

/**
 * Pids of every live process whose environment carries this state folder: the children
 * a run started (they inherit CHAOS_STATE_DIR), recorded in its ledger or not.
 */
export function processesCarrying(stateDir: string): number[] {
  const needle = `CHAOS_STATE_DIR=${stateDir}\0`;
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (`${readFileSync(`/proc/${name}/environ`, 'latin1')}\0`.includes(needle))
        pids.push(Number(name));
    } catch {
      // Exited meanwhile.
    }
  }
  return pids;
}

/** SIGKILLs, by pid, every process still carrying the state folder; returns their pids. */
export function killLeftovers(stateDir: string): number[] {
  const pids = processesCarrying(stateDir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited meanwhile.
    }
  }
  return pids;
}
