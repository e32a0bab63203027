// The ledger entries the stack writes (its processes, the proxy, containers, the
// drill's namespace, source pool and work folder), with their undoers and ownership
// proofs. Rollback undoes these after every fault kind's entries.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownContainerProblem } from '../stack/containers/docker-cli.js';
import { undoContainer, undoNetwork } from './container-undo.js';
import { undoProcess } from './end-process.js';
import type { LedgerKind } from './fault-kind.js';
import { undoProxy } from './kinds/toxic.js';
import { undoNetns } from './netns.js';
import { inOwnNetns, processProblem, toxiproxyOwnership } from './ownership.js';
import { deleteSourcePool, poolTableName } from './source-pool.js';
import { undoWorkFolder, workFolderName } from './work-folder.js';

export const stackLedgerKinds: Readonly<Record<string, LedgerKind>> = {
  process: { undo: undoProcess, ownership: (params) => processProblem(params), stack: true },
  proxy: { undo: undoProxy, ownership: toxiproxyOwnership, stack: true },
  container: {
    undo: undoContainer,
    ownership: (params, runId) => ownContainerProblem(params.container, runId),
    stack: true,
  },
  network: {
    undo: undoNetwork,
    ownership: (params, runId) =>
      params.network === `chaos-${runId}`
        ? null
        : `network ${JSON.stringify(params.network)} is not this run's (chaos-${runId})`,
    stack: true,
  },
  // The namespace goes after the processes that run in it.
  netns: {
    undo: undoNetns,
    ownership: (params, runId) => inOwnNetns(params, runId, 'name'),
    stack: true,
  },
  // While the load runs, its connections still need the pool's addresses.
  'source-pool': {
    undo: (params) =>
      deleteSourcePool(String(params.table), params.netns ? String(params.netns) : null),
    ownership: (params, runId) => {
      if (params.table !== poolTableName(runId))
        return `table ${JSON.stringify(params.table)} is not this run's (${poolTableName(runId)})`;
      return params.netns === null || params.netns === undefined ? null : inOwnNetns(params, runId);
    },
    stack: true,
  },
  // Last of all: Prometheus and Alertmanager write into it until they end.
  'work-folder': {
    undo: undoWorkFolder,
    ownership: (params, runId) => {
      const expected = join(tmpdir(), workFolderName(runId));
      return params.dir === expected
        ? null
        : `work folder ${JSON.stringify(params.dir)} is not this run's (${expected})`;
    },
    stack: true,
  },
};
