// Network namespaces the framework creates for itself: one per drill that needs the
// target's network to be its own (real packet loss with nftables, a low somaxconn).
// A veth pair joins it to this host on a private /30; deleting the namespace removes
// the pair, its nftables tables and its sysctls with it.

import { createHash, randomInt } from 'node:crypto';
import { runCommand } from '../proc/run-command.js';
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

/** A 10.213.x.0/30 on this host: the third octet, and the interface holding it. */
export interface SubnetClaim {
  third: number;
  dev: string;
}

export async function subnetClaims(): Promise<SubnetClaim[]> {
  const text = await runCommand('ip', ['-4', '-o', 'addr', 'show']);
  return [...text.matchAll(/^\d+:\s+([^\s@]+)\S*\s+inet 10\.213\.(\d+)\./gm)].map((match) => ({
    dev: match[1]!,
    third: Number(match[2]),
  }));
}

/**
 * The first free 10.213.x.0/30 from `start` on (the drill's tag at first), so that two
 * runs on one host starting drills together seldom reach for the same one.
 */
export function pickSubnet(used: ReadonlySet<number>, start: number): number | undefined {
  for (let step = 0; step < 254; step++) {
    const third = ((start + step) % 254) + 1;
    if (!used.has(third)) return third;
  }
  return undefined;
}

/** Claims made at once by two runs are both given up and picked again: bounded. */
const CLAIM_ATTEMPTS = 5;

/** Creates the namespace, its veth pair and addresses; `record` runs before anything is made. */
export async function createNetns(
  id: string,
  record: (created: { name: string; hostIf: string }) => void,
): Promise<Netns> {
  // Interface names are limited to 15 characters; a hash of the drill id keeps them unique.
  const tag = createHash('sha1').update(id).digest('hex').slice(0, 8);
  const name = `chaos-${tag}`;
  // Never record (and so never later delete) a namespace this drill did not create.
  if (await netnsExists(name))
    throw new Error(`network namespace ${name} already exists; refusing to reuse it`);
  const hostIf = `ch${tag}h`;
  const nsIf = `ch${tag}n`;
  // One entry undoes both: the namespace and, should creation stop half-way, the veth
  // end left on this host.
  record({ name, hostIf });
  await runCommand('ip', ['netns', 'add', name]);
  await runCommand('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
  await runCommand('ip', ['link', 'set', nsIf, 'netns', name]);
  const third = await claimSubnet(hostIf, parseInt(tag.slice(0, 4), 16));
  const hostAddress = `10.213.${third}.1`;
  const nsAddress = `10.213.${third}.2`;
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

/**
 * Puts a free /30 on this host's veth end. Reading the free ones and adding an address
 * are two steps, so another run on this host may take the same subnet in between: a
 * claim stands only if, once added, no other interface holds that subnet. The first
 * look starts at `start`; each retry at a random place.
 */
export async function claimSubnet(
  hostIf: string,
  start: number,
  readClaims: () => Promise<SubnetClaim[]> = subnetClaims,
): Promise<number> {
  const givenUp = new Set<number>();
  for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
    const used = new Set([...(await readClaims()).map((claim) => claim.third), ...givenUp]);
    const third = pickSubnet(used, attempt === 1 ? start : randomInt(254));
    if (third === undefined) throw new Error('no free 10.213.x.0/30 subnet for a drill namespace');
    await runCommand('ip', ['addr', 'add', `10.213.${third}.1/30`, 'dev', hostIf]);
    const rivals = (await readClaims()).filter(
      (claim) => claim.third === third && claim.dev !== hostIf,
    );
    if (rivals.length === 0) return third;
    await runCommand('ip', ['addr', 'del', `10.213.${third}.1/30`, 'dev', hostIf]);
    givenUp.add(third);
  }
  throw new Error(
    `another run on this host took each 10.213.x.0/30 subnet this drill tried (${CLAIM_ATTEMPTS} attempts)`,
  );
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
