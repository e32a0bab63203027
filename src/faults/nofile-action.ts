// Sets the target's soft nofile limit: lowered near its open-fd count as the
// fd-exhaustion fault, raised to 65,536 (or the hard limit when lower) as the runbook's
// remediation.

import type { NofileAction } from '../scenario/action-spec.js';
import { ActionUnavailableError, type Action } from './action.js';
import { identityParams } from '../stack/process/proc-identity.js';
import { countOpenFds, readNofile, setSoftNofile } from './nofile.js';

export function nofileAction(spec: NofileAction): Action {
  const wanted =
    typeof spec.soft === 'object' ? `open fds + ${spec.soft.openFdsPlus}` : String(spec.soft);
  return {
    kind: 'nofile',
    intent: `set the target's soft nofile limit to ${wanted}`,
    async apply(context) {
      const target = context.stack.target.process();
      if (!target) {
        throw new ActionUnavailableError(
          'the nofile action needs a target process on this machine; an external target cannot be limited',
        );
      }
      const before = readNofile(target.pid);
      const openFds = countOpenFds(target.pid);
      let soft: number;
      let note = '';
      if (spec.soft === 'hard') {
        soft = before.hard;
      } else if (typeof spec.soft === 'number') {
        soft = Math.min(spec.soft, before.hard);
        if (soft < spec.soft) {
          note = `; asked for ${spec.soft}, but the hard limit here is ${before.hard} and raising it needs a privilege this machine does not grant, so used ${soft}`;
        }
      } else {
        // At least 1: a limit of 0 would fail even the target's own reads of its files.
        soft = Math.max(1, openFds + spec.soft.openFdsPlus);
      }
      const verb = soft < before.soft ? 'lowered' : 'raised';
      context.ledger.record(
        'nofile',
        { ...identityParams(target), previousSoft: before.soft },
        `restore pid ${target.pid}'s soft nofile limit to ${before.soft}`,
      );
      await setSoftNofile(target.pid, soft, before.hard);
      return {
        kind: 'nofile',
        summary: `${verb} the target's soft nofile limit from ${before.soft} to ${soft}${note}`,
        how: `prlimit --pid ${target.pid} --nofile=${soft}:${before.hard} (the target had ${openFds} fds open)`,
        details: {
          pid: target.pid,
          before: before.soft,
          after: soft,
          hard: before.hard,
          openFds,
          requested: spec.soft,
        },
      };
    },
  };
}
