// Real packet loss on the client path: an nftables `numgen random` drop rule on
// Toxiproxy's proxy port, both directions, inside the network namespace the drill put
// Toxiproxy in, so segments between the clients and Toxiproxy are lost. nftables needs no
// netem qdisc, and in a namespace of our own it touches nothing else. With the docker
// provider, the namespace is Toxiproxy's container's own, entered from this machine
// (container-netns.ts), and the port is the proxy's inside it.
// Why not between Toxiproxy and the target: Toxiproxy dials the upstream inside its
// accept loop, so a lost SYN-ACK stalls every new connection behind it, and it closes
// the upstream socket outright on a client's EOF, so a lost FIN turns clean client
// closes into resets the target counts as drops. Neither is the target's behaviour
// (the README's "What Toxiproxy does to a close" has the figures).

import { z } from 'zod';
import { findBinary } from '../../stack/find-binary.js';
import { containerState, ownContainerProblem } from '../../stack/containers/docker-cli.js';
import {
  ActionUnavailableError,
  NETNS_UNAVAILABLE_KEY,
  type Action,
  type ActionContext,
  type AppliedAction,
} from '../action.js';
import {
  containerNetnsExec,
  containerNetnsUnavailableReason,
  undoContainerNftTable,
} from '../container-netns.js';
import { netnsUnavailableReason } from '../availability.js';
import { defineFault, type Spec } from '../fault-kind.js';
import { netnsExec } from '../netns.js';
import { runNftScript } from '../nft.js';
import { inOwnNetns } from '../ownership.js';
import { runCommand } from '../../proc/run-command.js';

const TABLE = 'chaos_loss';

const options = z.object({
  /** Percent of packets dropped in each direction, 1..90. */
  // nftables' numgen compares whole numbers: 2.5 % cannot be written.
  percent: z
    .number()
    .min(1)
    .max(90)
    .refine(
      (n) => Number.isInteger(n),
      (n) => ({ message: `expected a whole percent like 2, got ${String(n)}` }),
    ),
  /** Where namespaces or nftables are unavailable, record why and go on (other faults model the loss). */
  ifAvailable: z.boolean().optional(),
});

/** Real random packet drops on the clients' path, with nftables in Toxiproxy's own namespace. */
export type PacketLossAction = Spec<'packet-loss', typeof options>;

export const packetLossFault = defineFault({
  type: 'packet-loss',
  summary: 'random packet drops between the clients and Toxiproxy (nftables, in a namespace)',
  options,
  create: packetLossAction,
  ledgerKinds: {
    'container-nft-table': {
      undo: undoContainerNftTable,
      ownership: (params, runId) =>
        params.table !== TABLE
          ? `table ${JSON.stringify(params.table)} is not one this framework makes`
          : ownContainerProblem(params.container, runId),
    },
    'nft-table': {
      undo: undoNftTable,
      ownership: (params, runId) =>
        params.table !== TABLE
          ? `table ${JSON.stringify(params.table)} is not one this framework makes`
          : inOwnNetns(params, runId),
    },
  },
  needs: { netns: ['proxy'], proxyPath: true },
  effect: {
    what: 'packets lost between the clients and Toxiproxy',
    read: async ({ applied }) => {
      if (applied.details.injected !== true) return { engaged: null, text: 'not injected here' };
      const container =
        typeof applied.details.container === 'string' ? applied.details.container : null;
      const state = container ? await containerState(container) : null;
      const inside = state
        ? containerNetnsExec(state.hostPid)
        : netnsExec(String(applied.details.netns));
      const listed = await runCommand(inside[0]!, [
        ...inside.slice(1),
        'nft',
        'list',
        'table',
        'inet',
        TABLE,
      ]);
      const dropped = [...listed.matchAll(/counter packets (\d+)/g)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      return { engaged: dropped > 0, text: `${dropped} packets dropped by its rules so far` };
    },
  },
  doctor: () => {
    const nft = findBinary('nft') !== null;
    const netnsWhy = netnsUnavailableReason();
    return [
      {
        name: 'fault nftables packet drops',
        ok: nft && netnsWhy === null,
        detail: !nft
          ? 'nft is not installed'
          : netnsWhy === null
            ? 'nft is installed; rules go inside a namespace the drill creates'
            : `nft is installed but namespaces are unavailable: ${netnsWhy}`,
        fix: !nft ? 'sudo apt-get install nftables' : 'run as root',
        required: false,
      },
    ];
  },
});

export function lossRuleset(port: number, percent: number): string {
  return [
    `table inet ${TABLE} {`,
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    `    tcp dport ${port} numgen random mod 100 < ${percent} counter drop`,
    '  }',
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    `    tcp sport ${port} numgen random mod 100 < ${percent} counter drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** In Toxiproxy's container: its own namespace, entered from this machine; the proxy's port inside it. */
async function applyInContainer(
  spec: PacketLossAction,
  context: ActionContext,
  container: { name: string; proxyPort: number },
): Promise<AppliedAction> {
  const state = await containerState(container.name);
  if (!state?.running)
    throw new ActionUnavailableError(`Toxiproxy's container ${container.name} is not running`);
  context.ledger.record(
    'container-nft-table',
    { container: container.name, startedAt: state.startedAt, table: TABLE },
    `delete nftables table inet ${TABLE} in ${container.name}'s network namespace`,
  );
  const ruleset = lossRuleset(container.proxyPort, spec.percent);
  await runNftScript(containerNetnsExec(state.hostPid), ruleset);
  return {
    kind: 'packet-loss',
    summary: `dropping ${spec.percent} % of the packets between the clients and Toxiproxy, each direction (nftables in the network namespace of Toxiproxy's container)`,
    how: `nsenter --net=/proc/${state.hostPid}/ns/net nft -f - (${container.name}'s namespace; table inet ${TABLE}: input \`tcp dport ${container.proxyPort} numgen random mod 100 < ${spec.percent} counter drop\`, output \`tcp sport ${container.proxyPort} numgen random mod 100 < ${spec.percent} counter drop\`)`,
    details: {
      injected: true,
      container: container.name,
      port: container.proxyPort,
      percent: spec.percent,
      ruleset,
    },
  };
}

function packetLossAction(spec: PacketLossAction): Action {
  return {
    kind: 'packet-loss',
    intent: `drop ${spec.percent} % of the packets between the clients and Toxiproxy at random (nftables, in its namespace)`,
    async apply(context) {
      const netns = context.stack.toxiproxy.netns;
      const container = context.stack.toxiproxy.container;
      const nft = findBinary('nft');
      const containerWhy = container ? containerNetnsUnavailableReason() : null;
      if (container && !containerWhy) return applyInContainer(spec, context, container);
      const why = containerWhy
        ? containerWhy
        : !netns
          ? String(
              context.shared.get(NETNS_UNAVAILABLE_KEY) ??
                'the target does not run in a network namespace of the drill',
            )
          : !nft
            ? 'nft (nftables) is not installed'
            : null;
      if (why) {
        if (!spec.ifAvailable)
          throw new ActionUnavailableError(`real packet loss is unavailable here: ${why}`);
        return {
          kind: 'packet-loss',
          summary: `real packet loss NOT injected: ${why}; the Toxiproxy toxics of this drill model the loss instead`,
          how: `not applied (${why})`,
          details: { injected: false, reason: why },
        };
      }
      const port = context.stack.toxiproxy.listen.port;
      context.ledger.record(
        'nft-table',
        { netns, table: TABLE },
        `delete nftables table inet ${TABLE} in ${netns}`,
      );
      const inside = netnsExec(netns!);
      const ruleset = lossRuleset(port, spec.percent);
      await runNftScript(inside, ruleset);
      return {
        kind: 'packet-loss',
        summary: `dropping ${spec.percent} % of the packets between the clients and Toxiproxy, each direction (nftables in namespace ${netns})`,
        how: `ip netns exec ${netns} nft -f - (table inet ${TABLE}: input \`tcp dport ${port} numgen random mod 100 < ${spec.percent} counter drop\`, output \`tcp sport ${port} numgen random mod 100 < ${spec.percent} counter drop\`)`,
        details: { injected: true, netns, port, percent: spec.percent, ruleset },
      };
    },
  };
}

async function undoNftTable(params: Record<string, unknown>): Promise<string> {
  const netns = String(params.netns);
  const table = String(params.table);
  const list = await runCommand('ip', ['netns', 'list']).catch(() => '');
  if (!list.split('\n').some((l) => l.split(' ')[0] === netns))
    return `namespace ${netns} is gone, and table ${table} with it`;
  const inside = netnsExec(netns);
  try {
    await runCommand(inside[0]!, [...inside.slice(1), 'nft', 'delete', 'table', 'inet', table]);
    return `deleted nftables table inet ${table} in ${netns}`;
  } catch (error) {
    if (/No such file or directory|does not exist/i.test((error as Error).message))
      return `table ${table} was already gone`;
    throw error;
  }
}
