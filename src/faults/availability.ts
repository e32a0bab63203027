// Which fault mechanisms this machine allows, and why not when it does not. Nothing
// here changes the system: each probe only reads.

import { spawnSync } from 'node:child_process';
import type { Check } from '../stack/part-checks.js';
import { findBinary } from '../stack/find-binary.js';
import type { FaultKind } from './fault-kind.js';
import { SOURCE_POOL_SIZE } from './source-pool.js';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function commandWorks(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 5000 }).status === 0;
}

/** Null when this process can create network namespaces; otherwise why not. */
export function netnsUnavailableReason(): string | null {
  if (!isRoot()) return 'creating network namespaces needs root (CAP_SYS_ADMIN)';
  if (!commandWorks('ip', ['netns', 'list']))
    return '`ip netns list` failed (is iproute2 installed?)';
  return null;
}

/** Each kind's own checks, then what the stack offers every kind (namespaces, many source addresses). */
export function checkFaultMechanisms(
  kinds: readonly Pick<FaultKind, 'doctor'>[],
  env: NodeJS.ProcessEnv = process.env,
): Check[] {
  const checks: Check[] = kinds.flatMap((kind) => kind.doctor?.() ?? []);
  const netnsWhy = netnsUnavailableReason();
  checks.push({
    name: 'fault network namespace',
    ok: netnsWhy === null,
    detail:
      netnsWhy === null
        ? 'root, and `ip netns` works: drills can create their own namespaces'
        : netnsWhy,
    fix: isRoot()
      ? 'sudo apt-get install iproute2'
      : 'run as root to enable namespace-based faults',
    required: false,
  });
  const nft = findBinary('nft', env) !== null;
  const pool = isRoot() && nft;
  checks.push({
    name: 'many client addresses through Toxiproxy',
    ok: pool,
    detail: pool
      ? `nft and root: the target sees the proxied clients arrive from ${SOURCE_POOL_SIZE} loopback addresses (an nftables source pool per drill)`
      : `${!nft ? 'nft is not installed' : 'rewriting source addresses needs root'}: every proxied client reaches the target from Toxiproxy's one address, and a server that limits admissions per address (the published TickStorm: 10 a minute) turns the drill's load away`,
    fix: !nft ? 'sudo apt-get install nftables' : 'run as root',
    required: false,
  });
  return checks;
}
