// The registry: a scenario's action spec to the action that carries it out, and a
// ledger entry's kind to the undoer that reverts it.

import type { ActionSpec } from '../scenario/action-spec.js';
import type { Action } from './action.js';
import { undoContainer, undoNetwork } from './container-undo.js';
import { undoProcess } from './end-process.js';
import { nofileAction } from './nofile-action.js';
import { undoNofile } from './nofile.js';
import { noAction } from './no-action.js';
import { toxicAction, undoProxy, undoToxic } from './toxic-action.js';
import type { Undoer } from './undoer.js';

export function createAction(spec: ActionSpec): Action {
  switch (spec.type) {
    case 'nofile':
      return nofileAction(spec);
    case 'toxic':
      return toxicAction(spec);
    case 'none':
      return noAction(spec);
  }
}

export const undoers: Readonly<Record<string, Undoer>> = {
  process: undoProcess,
  nofile: undoNofile,
  toxic: undoToxic,
  proxy: undoProxy,
  container: undoContainer,
  network: undoNetwork,
};
