// What lowering the nofile limit must do: bring the target's open fds to the limit, so
// a new connection fails at accept (EMFILE) or the target's own guard turns it away. The
// reading: the process's open fds against its soft limit now (in its container, through
// the engine). "Engaged" from 80 % of the limit: a guard like TickStorm's turns
// connections away from 90 % and so holds the fds just under that line, never at it.

import type { FaultEffect } from '../fault-effect.js';
import { readContainerNofile } from '../container-nofile.js';
import { countOpenFds, readNofile } from '../nofile.js';
import { isSameProcessAlive } from '../../stack/process/proc-identity.js';

const ENGAGED_FROM = 0.8;

export const nofileEffect: FaultEffect = {
  what: 'the target at its file-descriptor limit, so new connections fail at accept or are turned away',
  async read({ stack, applied }) {
    const lowered = Number(applied.details.after) < Number(applied.details.before);
    if (!lowered) return { engaged: null, text: 'the limit was not lowered' };
    const container = stack.target.container?.name;
    let open: number;
    let soft: number;
    if (container) {
      const now = await readContainerNofile(container);
      open = now.openFds;
      soft = now.soft;
    } else {
      const target = stack.target.process();
      if (!target || !isSameProcessAlive(target))
        return { engaged: null, text: 'the target process could not be read' };
      open = countOpenFds(target.pid);
      soft = readNofile(target.pid).soft;
    }
    return {
      engaged: open >= ENGAGED_FROM * soft,
      text: `${open} fds open of a soft limit of ${soft}`,
    };
  },
};
