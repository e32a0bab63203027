// Where rollback ledgers live. A temp folder is the right home: everything a ledger
// undoes (children, limits of live processes, toxics in a live Toxiproxy, cgroups,
// namespaces) is gone after a reboot too, exactly when a temp folder is cleared.

import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHAOS_STATE_DIR) return env.CHAOS_STATE_DIR;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `tickstorm-chaos-${uid}`);
}

export function ledgerDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'ledgers');
}
