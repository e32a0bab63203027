// The runbook's "restart the listener" without ending sessions: SIGHUP makes the
// reference target close its listening socket and listen again on the same port, so the
// backlog follows the namespace's current net.core.somaxconn.

import { z } from 'zod';
import { isSameProcessAlive } from '../../stack/process/proc-identity.js';
import { ActionUnavailableError, type Action } from '../action.js';
import { defineFault } from '../fault-kind.js';
import { sleep } from '../../bounds.js';

export const reopenListenerFault = defineFault({
  type: 'reopen-listener',
  summary: 'make the target listen again (SIGHUP); open sessions stay',
  options: z.object({}),
  create: reopenListenerAction,
  needs: { signals: ['SIGHUP'] },
});

function reopenListenerAction(): Action {
  return {
    kind: 'reopen-listener',
    intent: "reopen the target's stream listener (SIGHUP)",
    async apply(context) {
      const target = context.stack.target.process();
      if (!target || !isSameProcessAlive(target)) {
        throw new ActionUnavailableError(
          'reopening the listener needs the target process this framework started',
        );
      }
      process.kill(target.pid, 'SIGHUP');
      // The target logs when it listens again; give it a moment, bounded, before going on.
      await sleep(300);
      return {
        kind: 'reopen-listener',
        summary: "reopened the target's stream listener; open sessions kept",
        how: `SIGHUP to pid ${target.pid}: close the listening socket, listen() again on port ${context.stack.target.stream.port}`,
        details: { pid: target.pid },
      };
    },
  };
}
