// Real packet loss on the client path: an nftables `numgen random` drop rule on
// Toxiproxy's proxy port, both directions, inside the network namespace the drill put
// Toxiproxy in, so segments between the clients and Toxiproxy are lost. This kernel has
// no netem qdisc; nftables in a namespace of our own touches nothing else.
// Why not between Toxiproxy and the target: Toxiproxy dials the upstream inside its
// accept loop, so a lost SYN-ACK stalls every new connection behind it (seen here: 71 %
// of handshakes lost at 20 sessions/s), and it closes the upstream socket outright on a
// client's EOF, so a lost FIN turns clean client closes into resets the target counts
// as drops (2 % at 10 % loss). Neither is the target's behaviour.

import type { PacketLossAction } from '../scenario/action-spec.js';
import { ActionUnavailableError, type Action } from './action.js';
import { netnsExec } from './netns.js';
import { runNftScript } from './nft.js';
import { runCommand } from './run-command.js';
import type { Undoer } from './undoer.js';
import { findBinary } from '../stack/find-binary.js';

const TABLE = 'chaos_loss';

/** Why namespaces cannot be used here, set by the engine when it could not place the target in one. */
export const NETNS_UNAVAILABLE_KEY = 'netns.unavailable';

export function lossRuleset(port: number, percent: number): string {
  return [
    `table inet ${TABLE} {`,
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    `    tcp dport ${port} numgen random mod 100 < ${percent} drop`,
    '  }',
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    `    tcp sport ${port} numgen random mod 100 < ${percent} drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export function packetLossAction(spec: PacketLossAction): Action {
  return {
    kind: 'packet-loss',
    intent: `drop ${spec.percent} % of the packets between the clients and Toxiproxy at random (nftables, in its namespace)`,
    async apply(context) {
      const netns = context.stack.toxiproxy.netns;
      const nft = findBinary('nft');
      const why = !netns
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
        how: `ip netns exec ${netns} nft -f - (table inet ${TABLE}: input \`tcp dport ${port} numgen random mod 100 < ${spec.percent} drop\`, output \`tcp sport ${port} numgen random mod 100 < ${spec.percent} drop\`)`,
        details: { injected: true, netns, port, percent: spec.percent, ruleset },
      };
    },
  };
}

export const undoNftTable: Undoer = async (params) => {
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
};
