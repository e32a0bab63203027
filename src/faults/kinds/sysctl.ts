// Kernel settings for the runbook's network cause (somaxconn, SYN backlog), applied in
// the target's own namespace. A key that does not exist per namespace
// (net.core.netdev_max_backlog) is host-wide: recorded as not applied unless the user
// allowed host changes with --allow-host-sysctl, and then recorded in the ledger.

import { z } from 'zod';
import { ActionUnavailableError, type Action } from '../action.js';
import { defineFault, type Spec } from '../fault-kind.js';
import { netnsExec } from '../netns.js';
import { inOwnNetns } from '../ownership.js';
import { runCommand } from '../../proc/run-command.js';

const options = z.object({
  values: z.record(
    z.string().refine(
      (key) => /^net(\.[a-z0-9_]+)+$/.test(key),
      (key) => ({
        message: `expected a network sysctl key like net.core.somaxconn, got ${JSON.stringify(key)}`,
      }),
    ),
    z.string(),
  ),
});

/**
 * Kernel settings in the target's network namespace (`net.core.somaxconn`...). A key
 * that only exists host-wide is reported as not applied unless `--allow-host-sysctl`.
 */
export type SysctlAction = Spec<'sysctl', typeof options>;

export const sysctlFault = defineFault({
  type: 'sysctl',
  summary: "network kernel settings in the target's own namespace",
  options,
  create: sysctlAction,
  ledgerKinds: {
    sysctl: {
      undo: undoSysctl,
      ownership: (params, runId) => {
        if (params.netns === null || params.netns === undefined)
          return params.allowedHost === true
            ? null
            : 'a host-wide sysctl, but the entry does not say the run had --allow-host-sysctl';
        return inOwnNetns(params, runId);
      },
    },
  },
  needs: { netns: ['target'] },
});

async function readSysctl(prefix: string[], key: string): Promise<string | null> {
  try {
    const [command, ...args] = [...prefix, 'sysctl', '-n', key];
    return (await runCommand(command!, args)).trim();
  } catch {
    return null;
  }
}

async function writeSysctl(prefix: string[], key: string, value: string): Promise<void> {
  const [command, ...args] = [...prefix, 'sysctl', '-w', `${key}=${value}`];
  await runCommand(command!, args);
}

function sysctlAction(spec: SysctlAction): Action {
  const shown = Object.entries(spec.values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return {
    kind: 'sysctl',
    intent: `set ${shown} for the target`,
    async apply(context) {
      const netns = context.stack.target.netns;
      const container = context.stack.target.container?.name;
      if (!netns && container) {
        throw new ActionUnavailableError(
          `sysctls in the target's container (${container}) are not applied by the docker provider yet (and with a direct load path its clients meet the engine's port proxy, which accepts each connection itself, not the target's backlog); run this drill with --provider local`,
        );
      }
      if (!netns) {
        throw new ActionUnavailableError(
          "sysctls are applied inside the target's own network namespace, and this drill could not create one here (needs root and `ip netns`)",
        );
      }
      const inside = netnsExec(netns);
      const applied: string[] = [];
      const skipped: string[] = [];
      for (const [key, value] of Object.entries(spec.values)) {
        const previous = await readSysctl(inside, key);
        if (previous !== null) {
          context.ledger.record(
            'sysctl',
            { netns, key, previous },
            `restore ${key}=${previous} in ${netns}`,
          );
          await writeSysctl(inside, key, value);
          applied.push(
            `${key}=${await readSysctl(inside, key)} (was ${previous}) in namespace ${netns}`,
          );
          continue;
        }
        const hostPrevious = await readSysctl([], key);
        if (hostPrevious === null) {
          skipped.push(`${key}: no such setting on this kernel`);
        } else if (!context.allowHostChanges) {
          skipped.push(
            `${key}: host-wide only (not per namespace); NOT applied (pass --allow-host-sysctl to change it on this host)`,
          );
        } else {
          context.ledger.record(
            'sysctl',
            // The mark ownership.ts requires before it restores a host-wide setting.
            { netns: null, key, previous: hostPrevious, allowedHost: true },
            `restore host ${key}=${hostPrevious}`,
          );
          await writeSysctl([], key, value);
          applied.push(
            `${key}=${value} (was ${hostPrevious}) HOST-WIDE, allowed by --allow-host-sysctl`,
          );
        }
      }
      return {
        kind: 'sysctl',
        summary: `set ${applied.length} of ${Object.keys(spec.values).length} settings${skipped.length ? `; not applied: ${skipped.map((s) => s.split(':')[0]).join(', ')}` : ''}`,
        how: [...applied.map((a) => `sysctl -w ${a}`), ...skipped].join('; '),
        details: { applied, skipped, netns },
      };
    },
  };
}

async function undoSysctl(params: Record<string, unknown>): Promise<string> {
  const key = String(params.key);
  // Drills only ever change network settings; a ledger naming anything else is not ours.
  if (!/^net\.[a-z0-9_.]+$/.test(key))
    throw new Error(`refusing to set ${key}: drills only change net.* settings`);
  const previous = String(params.previous);
  const netns = params.netns === null ? null : String(params.netns);
  if (netns) {
    const list = await runCommand('ip', ['netns', 'list']).catch(() => '');
    if (!list.split('\n').some((l) => l.split(' ')[0] === netns))
      return `namespace ${netns} is gone, and ${key} with it`;
    await writeSysctl(netnsExec(netns), key, previous);
    return `restored ${key}=${previous} in ${netns}`;
  }
  await writeSysctl([], key, previous);
  return `restored host ${key}=${previous}`;
}
