// The registry: a scenario's action spec to the action that carries it out, and a
// ledger entry's kind to the undoer that reverts it.

import type { ActionSpec } from '../scenario/action-spec.js';
import type { Action } from './action.js';
import { undoMemoryCgroup } from './cgroup-memory.js';
import { undoContainer, undoNetwork } from './container-undo.js';
import { undoProcess } from './end-process.js';
import { memoryCeilingAction, undoMemoryLimit } from './memory-ceiling-action.js';
import { memoryPressureAction } from './memory-pressure-action.js';
import { undoNetns } from './netns.js';
import { noAction } from './no-action.js';
import { nofileAction } from './nofile-action.js';
import { undoNofile } from './nofile.js';
import { packetLossAction, undoNftTable } from './packet-loss-action.js';
import { reopenListenerAction } from './reopen-listener-action.js';
import { restartTargetAction } from './restart-target-action.js';
import { sysctlAction, undoSysctl } from './sysctl-action.js';
import { toxicAction, undoProxy, undoToxic } from './toxic-action.js';
import type { Undoer } from './undoer.js';
import { deleteSourcePool } from './source-pool.js';
import { undoWorkFolder } from './work-folder.js';

export function createAction(spec: ActionSpec): Action {
  switch (spec.type) {
    case 'nofile':
      return nofileAction(spec);
    case 'toxic':
      return toxicAction(spec);
    case 'none':
      return noAction(spec);
    case 'restart-target':
      return restartTargetAction(spec);
    case 'memory-pressure':
      return memoryPressureAction(spec);
    case 'memory-ceiling':
      return memoryCeilingAction(spec);
    case 'packet-loss':
      return packetLossAction(spec);
    case 'sysctl':
      return sysctlAction(spec);
    case 'reopen-listener':
      return reopenListenerAction(spec);
  }
}

export const undoers: Readonly<Record<string, Undoer>> = {
  process: undoProcess,
  // A process that is part of a fault (the memory hog) ends with the fault, before the stack.
  'fault-process': undoProcess,
  nofile: undoNofile,
  toxic: undoToxic,
  proxy: undoProxy,
  cgroup: undoMemoryCgroup,
  'memory-limit': undoMemoryLimit,
  netns: undoNetns,
  'nft-table': undoNftTable,
  'source-pool': (params) =>
    deleteSourcePool(String(params.table), params.netns ? String(params.netns) : null),
  sysctl: undoSysctl,
  container: undoContainer,
  network: undoNetwork,
  'work-folder': undoWorkFolder,
};
