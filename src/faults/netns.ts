// Network namespaces the framework creates for itself: one per drill that needs the
// target's network to be its own (real packet loss with nftables, a low somaxconn).
// A veth pair joins it to this host on a private /30; deleting the namespace removes
// the pair, its nftables tables and its sysctls with it.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { runCommand } from './run-command.js';
import type { Undoer } from './undoer.js';

export interface Netns {
  name: string;
  /** This host's end of the veth pair. */
  hostAddress: string;
  /** The namespace's end: the target listens here. */
  nsAddress: string;
}

/** `ip netns exec <name>` for a command run inside the namespace. */
export function netnsExec(name: string): string[] {
  return ['ip', 'netns', 'exec', name];
}

function usedSubnets(): Set<number> {
  let text = '';
  try {
    text = execFileSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8', timeout: 5000 });
  } catch {
    // Without `ip` creation fails below with a clear message.
  }
  const used = new Set<number>();
  for (const match of text.matchAll(/inet 10\.213\.(\d+)\./g)) used.add(Number(match[1]));
  return used;
}

/** Creates the namespace, its veth pair and addresses; `record` runs before anything is made. */
export async function createNetns(
  id: string,
  record: (created: { name: string; hostIf: string }) => void,
): Promise<Netns> {
  const used = usedSubnets();
  const third = [...Array(254).keys()].map((i) => i + 1).find((n) => !used.has(n));
  if (third === undefined) throw new Error('no free 10.213.x.0/30 subnet for a drill namespace');
  // Interface names are limited to 15 characters; a hash of the drill id keeps them unique.
  const tag = createHash('sha1').update(id).digest('hex').slice(0, 8);
  const name = `chaos-${tag}`;
  // Never record (and so never later delete) a namespace this drill did not create.
  if (await netnsExists(name))
    throw new Error(`network namespace ${name} already exists; refusing to reuse it`);
  const hostIf = `ch${tag}h`;
  const nsIf = `ch${tag}n`;
  const hostAddress = `10.213.${third}.1`;
  const nsAddress = `10.213.${third}.2`;
  // One entry undoes both: the namespace and, should creation stop half-way, the veth
  // end left on this host.
  record({ name, hostIf });
  await runCommand('ip', ['netns', 'add', name]);
  await runCommand('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
  await runCommand('ip', ['link', 'set', nsIf, 'netns', name]);
  await runCommand('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostIf]);
  await runCommand('ip', ['link', 'set', hostIf, 'up']);
  const inside = netnsExec(name);
  await runCommand(inside[0]!, [
    ...inside.slice(1),
    'ip',
    'addr',
    'add',
    `${nsAddress}/30`,
    'dev',
    nsIf,
  ]);
  await runCommand(inside[0]!, [...inside.slice(1), 'ip', 'link', 'set', nsIf, 'up']);
  await runCommand(inside[0]!, [...inside.slice(1), 'ip', 'link', 'set', 'lo', 'up']);
  return { name, hostAddress, nsAddress };
}

/** `sysctl -w key=value` inside the namespace; returns the value read back. */
export async function setNetnsSysctl(name: string, key: string, value: string): Promise<string> {
  const inside = netnsExec(name);
  await runCommand(inside[0]!, [...inside.slice(1), 'sysctl', '-w', `${key}=${value}`]);
  return (await runCommand(inside[0]!, [...inside.slice(1), 'sysctl', '-n', key])).trim();
}

export async function netnsExists(name: string): Promise<boolean> {
  const list = await runCommand('ip', ['netns', 'list']);
  return list.split('\n').some((line) => line.split(' ')[0] === name);
}

async function linkExists(name: string): Promise<boolean> {
  return runCommand('ip', ['link', 'show', name]).then(
    () => true,
    () => false,
  );
}

export const undoNetns: Undoer = async (params) => {
  const name = String(params.name);
  const hostIf = typeof params.hostIf === 'string' ? params.hostIf : null;
  const done: string[] = [];
  if (await netnsExists(name)) {
    await runCommand('ip', ['netns', 'delete', name]);
    done.push(`deleted namespace ${name} (with its nftables tables and sysctls)`);
  }
  // Its peer normally vanishes with the namespace; not when creation stopped half-way.
  if (hostIf && /^ch[0-9a-f]{8}h$/.test(hostIf) && (await linkExists(hostIf))) {
    await runCommand('ip', ['link', 'del', hostIf]).catch(() => {});
    done.push(`removed veth ${hostIf}`);
  }
  return done.length > 0 ? done.join('; ') : `namespace ${name} was already gone`;
};
