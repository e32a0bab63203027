// Ends a child the framework started, identified by pid, start time and command line,
// so a pid reused by a stranger after a crash is never signalled.

import {
  identityFromParams,
  isSameProcessAlive,
  type ProcessIdentity,
} from '../stack/process/proc-identity.js';
import type { Undoer } from './undoer.js';
import { sleep } from '../bounds.js';

export async function endProcess(identity: ProcessIdentity, graceMs = 3000): Promise<boolean> {
  if (!isSameProcessAlive(identity)) return false;
  try {
    process.kill(identity.pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isSameProcessAlive(identity)) return true;
    await sleep(50);
  }
  try {
    if (isSameProcessAlive(identity)) process.kill(identity.pid, 'SIGKILL');
  } catch {
    // It exited between the check and the signal: ended all the same.
  }
  for (let i = 0; i < 40 && isSameProcessAlive(identity); i++) await sleep(50);
  return true;
}

export const undoProcess: Undoer = async (params) => {
  const identity = identityFromParams(params);
  const name = String(params.name ?? 'process');
  const ended = await endProcess(identity);
  return ended
    ? `ended ${name} (pid ${identity.pid})`
    : `${name} (pid ${identity.pid}) had already exited`;
};
