// Which fault mechanisms this machine allows, and why not when it does not. Nothing
// here changes the system: each probe only reads.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import type { Check } from '../stack/part-checks.js';
import { findBinary } from '../stack/find-binary.js';
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

export function checkFaultMechanisms(env: NodeJS.ProcessEnv = process.env): Check[] {
  const checks: Check[] = [];
  const prlimit = commandWorks('prlimit', ['--version']);
  checks.push({
    name: 'fault nofile (fd-exhaustion)',
    ok: prlimit,
    detail: prlimit
      ? 'prlimit is available; lowering and raising the soft limit of a process this user started needs no privilege'
      : 'prlimit (util-linux) is not installed',
    fix: 'sudo apt-get install util-linux',
    required: true,
  });
  const toxiproxy = findBinary('toxiproxy-server', env) !== null;
  checks.push({
    name: 'fault toxics (latency, bandwidth, timeout, slicer, limit_data, reset_peer)',
    ok: toxiproxy,
    detail: toxiproxy ? 'toxiproxy-server is installed' : 'toxiproxy-server is missing',
    fix: 'npm run setup',
    required: true,
  });
  checks.push(cgroupMemoryCheck());
  const netns = isRoot() && commandWorks('ip', ['netns', 'list']);
  checks.push({
    name: 'fault network namespace',
    ok: netns,
    detail: netns
      ? 'root, and `ip netns` works: drills can create their own namespaces'
      : isRoot()
        ? '`ip netns list` failed (iproute2 missing?)'
        : 'creating network namespaces needs root (CAP_SYS_ADMIN)',
    fix: isRoot()
      ? 'sudo apt-get install iproute2'
      : 'run as root to enable namespace-based faults',
    required: false,
  });
  const nft = findBinary('nft', env) !== null;
  checks.push({
    name: 'fault nftables packet drops',
    ok: nft && netns,
    detail: !nft
      ? 'nft is not installed'
      : netns
        ? 'nft is installed; rules go inside a namespace the drill creates'
        : 'nft is installed but namespaces are unavailable',
    fix: !nft ? 'sudo apt-get install nftables' : 'run as root',
    required: false,
  });
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

function cgroupMemoryCheck(): Check {
  const name = 'fault cgroup memory limit';
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const base = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
  const hasMemory = v2
    ? readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').split(/\s+/).includes('memory')
    : existsSync(`${base}/memory.limit_in_bytes`);
  if (!hasMemory) {
    return {
      name,
      ok: false,
      detail: 'no memory cgroup controller is mounted',
      fix: 'mount the cgroup memory controller',
      required: false,
    };
  }
  try {
    accessSync(base, constants.W_OK);
  } catch {
    return {
      name,
      ok: false,
      detail: `cgroup ${v2 ? 'v2' : 'v1'} memory is mounted at ${base} but this user cannot create groups there`,
      fix: 'run as root, or delegate a cgroup subtree to this user',
      required: false,
    };
  }
  return {
    name,
    ok: true,
    detail: `cgroup ${v2 ? 'v2' : 'v1'} memory controller at ${base}, writable`,
    required: false,
  };
}
