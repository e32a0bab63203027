// Sets the target's soft nofile limit: lowered near its open-fd count as the
// fd-exhaustion fault, raised to 65,536 (or the hard limit when lower) as the runbook's
// remediation.

import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { identityParams } from '../../stack/process/proc-identity.js';
import {
  ActionUnavailableError,
  type Action,
  type ActionContext,
  type AppliedAction,
} from '../action.js';
import { containerState, ownContainerProblem } from '../../stack/containers/docker-cli.js';
import {
  readContainerNofile,
  setContainerSoftNofile,
  undoContainerNofile,
} from '../container-nofile.js';
import { defineFault, type Spec } from '../fault-kind.js';
import { countOpenFds, readNofile, setSoftNofile, undoNofile } from '../nofile.js';
import { processProblem } from '../ownership.js';
import { nofileEffect } from './nofile-effect.js';

const positiveInteger = z.number().refine(
  (n) => Number.isInteger(n) && n > 0,
  (n) => ({ message: `expected a positive integer, got ${JSON.stringify(n)}` }),
);
/** A file descriptor limit: the kernel keeps it in an int (and nr_open caps it lower still). */
const nofileLimit = positiveInteger.refine(
  (n) => n <= 2 ** 31 - 1,
  (n) => ({ message: `expected a limit of at most 2147483647, got ${String(n)}` }),
);

const options = z.object({
  /**
   * A number (capped at the hard limit, and the report says so), `'hard'`, or
   * `{ openFdsPlus: n }`: the target's open-fd count at the moment of injection plus n,
   * which puts it past the resource guard's 90 % line; a negative n puts it below what
   * is open, so nothing new is accepted until that many fds close.
   */
  soft: z.union([
    nofileLimit,
    z.literal('hard'),
    z.object({ openFdsPlus: z.number().int().min(-1_000_000).max(1_000_000) }).strict(),
  ]),
});

/** Set the target's soft file-descriptor limit. */
export type NofileAction = Spec<'nofile', typeof options>;

export const nofileFault = defineFault({
  type: 'nofile',
  summary: "set the target's soft file-descriptor limit (prlimit)",
  options,
  create: nofileAction,
  needs: { process: true },
  effect: nofileEffect,
  ledgerKinds: {
    nofile: { undo: undoNofile, ownership: (params) => processProblem(params) },
    'container-nofile': {
      undo: undoContainerNofile,
      ownership: (params, runId) => ownContainerProblem(params.container, runId),
    },
  },
  doctor: () => {
    const prlimit =
      spawnSync('prlimit', ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0;
    return [
      {
        name: 'fault nofile (fd-exhaustion)',
        ok: prlimit,
        detail: prlimit
          ? 'prlimit is available; lowering and raising the soft limit of a process this user started needs no privilege'
          : 'prlimit (util-linux) is not installed',
        fix: 'sudo apt-get install util-linux',
        required: true,
      },
    ];
  },
});

/** The soft limit asked for, given the limits and open fds at the moment of injection. */
function wantedLimit(spec: NofileAction, before: { soft: number; hard: number }, openFds: number) {
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
  return { soft, note, verb: soft < before.soft ? 'lowered' : 'raised' };
}

/** The same limit, set inside the target's container on its main process. */
async function applyInContainer(
  spec: NofileAction,
  context: ActionContext,
  container: string,
): Promise<AppliedAction> {
  const before = await readContainerNofile(container);
  const state = await containerState(container);
  if (!state) throw new ActionUnavailableError(`the target's container ${container} is gone`);
  const { soft, note, verb } = wantedLimit(spec, before, before.openFds);
  context.ledger.record(
    'container-nofile',
    { container, startedAt: state.startedAt, previousSoft: before.soft },
    `restore the soft nofile limit of ${container}'s main process to ${before.soft}`,
  );
  await setContainerSoftNofile(container, soft, before.hard);
  return {
    kind: 'nofile',
    summary: `${verb} the target's soft nofile limit from ${before.soft} to ${soft} (in its container)${note}`,
    how: `docker exec ${container} prlimit --pid 1 --nofile=${soft}:${before.hard} (inside the container, as its own user; its main process had ${before.openFds} fds open)`,
    details: {
      container,
      before: before.soft,
      after: soft,
      hard: before.hard,
      openFds: before.openFds,
      requested: spec.soft,
    },
  };
}

function nofileAction(spec: NofileAction): Action {
  const wanted =
    typeof spec.soft === 'object' ? `open fds + ${spec.soft.openFdsPlus}` : String(spec.soft);
  return {
    kind: 'nofile',
    intent: `set the target's soft nofile limit to ${wanted}`,
    async apply(context) {
      const container = context.stack.target.container;
      if (container) return applyInContainer(spec, context, container.name);
      const target = context.stack.target.process();
      if (!target) {
        throw new ActionUnavailableError(
          'the nofile action needs a target process on this machine; an external target cannot be limited',
        );
      }
      const before = readNofile(target.pid);
      const openFds = countOpenFds(target.pid);
      const { soft, note, verb } = wantedLimit(spec, before, openFds);
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
