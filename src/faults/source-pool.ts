// Many source addresses on the proxied path. Toxiproxy dials every upstream connection
// from one address, and a server that limits admissions per source address (the
// published TickStorm: 10 a minute, never in bursts) would turn the drill's load away
// at the door. An nftables table of the drill's own rewrites the source of each new
// connection to the target's stream port round-robin over a pool of loopback addresses
// (`snat … numgen inc`), so the target sees the clients arrive from many addresses, as
// on the direct path. Root and nft are needed; without them the drill says so.

import { createHash } from 'node:crypto';
import { netnsExec } from './netns.js';
import { runNftScript } from './nft.js';
import { runCommand } from '../proc/run-command.js';
import { findBinary } from '../stack/find-binary.js';
import type { StackAddress } from '../stack/drill-stack.js';

export const SOURCE_POOL_SIZE = 128;
/** Every table this module makes starts so; its undoer refuses any other name. */
export const POOL_TABLE_PREFIX = 'chaos_pool_';

export interface SourcePool {
  table: string;
  netns: string | null;
  addresses: string[];
  /** How it was made, for the report. */
  how: string;
}

/** Null when the pool can be made here; otherwise why not. */
export function sourcePoolUnavailableReason(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return 'rewriting source addresses with nftables needs root (CAP_NET_ADMIN)';
  if (findBinary('nft') === null) return 'nft (nftables) is not installed';
  return null;
}

export function poolTableName(drillId: string): string {
  return `${POOL_TABLE_PREFIX}${createHash('sha1').update(drillId).digest('hex').slice(0, 10)}`;
}

/** 127.1.0.1 … 127.1.0.128: apart from the direct path's 127.0.0.2 … */
export function poolAddresses(size = SOURCE_POOL_SIZE): string[] {
  return Array.from(
    { length: size },
    (_, i) => `127.1.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}`,
  );
}

/**
 * Both hooks, because where the source is rewritten depends on how the connection
 * arrives: one made on this host's loopback is bound at `postrouting`, one arriving over
 * the drill's veth pair at `input`; whichever comes first takes it, the other sees it bound.
 */
export function poolRuleset(table: string, upstream: StackAddress, addresses: string[]): string {
  const map = addresses.map((address, i) => `${i} : ${address}`).join(', ');
  const rule = `ip daddr ${upstream.host} tcp dport ${upstream.port} snat ip to numgen inc mod ${addresses.length} map { ${map} }`;
  return [
    `table ip ${table} {`,
    '  chain postrouting {',
    '    type nat hook postrouting priority 100; policy accept;',
    `    ${rule}`,
    '  }',
    '  chain input {',
    '    type nat hook input priority 100; policy accept;',
    `    ${rule}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Makes the table where the target runs; `record` runs first, so a crash leaves it ledgered. */
export async function createSourcePool(
  drillId: string,
  upstream: StackAddress,
  netns: string | null,
  record: (entry: { table: string; netns: string | null }) => void,
): Promise<SourcePool> {
  const table = poolTableName(drillId);
  const addresses = poolAddresses();
  record({ table, netns });
  const prefix = netns ? netnsExec(netns) : [];
  await runNftScript(prefix, poolRuleset(table, upstream, addresses));
  const where = netns ? ` in namespace ${netns}` : '';
  return {
    table,
    netns,
    addresses,
    how: `nftables table ip ${table}${where}: new connections to ${upstream.host}:${upstream.port} take their source round-robin from ${addresses[0]} … ${addresses.at(-1)} (snat numgen inc)`,
  };
}

/** Deletes a pool table: only one of ours by name, and only where it was made. */
export async function deleteSourcePool(table: string, netns: string | null): Promise<string> {
  if (!new RegExp(`^${POOL_TABLE_PREFIX}[0-9a-f]{10}$`).test(table))
    throw new Error(
      `refusing to delete nftables table ${JSON.stringify(table)}: not a source pool of this framework`,
    );
  const prefix = netns ? netnsExec(netns) : [];
  if (netns) {
    const list = await runCommand('ip', ['netns', 'list']).catch(() => '');
    if (!list.split('\n').some((line) => line.split(' ')[0] === netns))
      return `namespace ${netns} is gone, and table ${table} with it`;
  }
  const [command, ...args] = [...prefix, 'nft', 'delete', 'table', 'ip', table];
  try {
    await runCommand(command!, args);
    return `deleted nftables table ip ${table}${netns ? ` in ${netns}` : ''}`;
  } catch (error) {
    if (/No such file or directory|does not exist/i.test((error as Error).message))
      return `table ${table} was already gone`;
    throw error;
  }
}
