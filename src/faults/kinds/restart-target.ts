// The runbook's remediations end with a restart ("restart the service"): stop the
// target as a rollout would (SIGTERM) and start it again with new settings, same ports.

import { z } from 'zod';
import { ActionUnavailableError, type Action } from '../action.js';
import { defineFault, type Spec } from '../fault-kind.js';

const options = z.object({ env: z.record(z.string()).optional() });

/** Restart the target as a rollout would, with these variables added (GOMEMLIMIT, GOGC, CONNECTION_TIMEOUT...). */
export type RestartTargetAction = Spec<'restart-target', typeof options>;

export const restartTargetFault = defineFault({
  type: 'restart-target',
  summary: 'restart the target as a rollout would, with new settings',
  options,
  create: restartTargetAction,
  needs: { restart: true },
  settings: (spec) => spec.env ?? {},
});

function restartTargetAction(spec: RestartTargetAction): Action {
  const env = spec.env ?? {};
  const shown = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return {
    kind: 'restart-target',
    intent: `restart the target${shown ? ` with ${shown}` : ''}`,
    async apply(context) {
      const { target } = context.stack;
      const before = target.process();
      const container = target.container?.name;
      if (!target.restart || (!before && !container)) {
        throw new ActionUnavailableError(
          'restarting needs a target this framework started; an external target cannot be restarted from here',
        );
      }
      const after = await target.restart(env);
      if (container) {
        return {
          kind: 'restart-target',
          summary: `replaced the target's container${shown ? ` with ${shown}` : ''}`,
          how: `rolled out as an orchestrator would: docker stop ${container} (SIGTERM, 10 s grace), removed, and a new container of the same name, network alias and memory limit started${shown ? ` with ${shown}` : ''} (its main process is pid ${after.pid} on this machine)`,
          details: { container, after: after.pid, env },
        };
      }
      return {
        kind: 'restart-target',
        summary: `restarted the target${shown ? ` with ${shown}` : ''}`,
        how: `SIGTERM to pid ${before!.pid}, then started pid ${after.pid} on the same ports${target.netns ? ` in namespace ${target.netns}` : ''}${shown ? ` with ${shown}` : ''}`,
        details: { before: before!.pid, after: after.pid, env },
      };
    },
  };
}
