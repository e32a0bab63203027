// What a hold run loads: the processes it starts, and how the generator is started
// against them. Every setup's stop() ends what it started, by pid.

import type { ProfileInput } from '../../src/load/profile/profile-types.js';
import {
  type Address,
  type BenchGenerator,
  startGenerator,
  startProxy,
  startTarget,
  startTwoTargetGenerator,
} from './children.js';

export interface HoldSetup {
  generator: (profile: ProfileInput) => Promise<BenchGenerator>;
  pids: Record<string, number>;
  /** The targets' stderr lines (resource-guard changes). */
  log: string[];
  stop(): Promise<void>;
}

/** `chaos load` straight at one reference target. */
export async function directSetup(): Promise<HoldSetup> {
  const target = await startTarget();
  return {
    generator: (profile) => startGenerator(target.stream, profile),
    pids: { target: target.pid },
    log: target.log,
    stop: async () => void (await target.stop()),
  };
}

/** `chaos load` through one toxiproxy-server (no toxics) to one reference target. */
export async function proxiedSetup(): Promise<HoldSetup> {
  const target = await startTarget();
  const proxy = await startProxy(target.stream);
  return {
    generator: (profile) => startGenerator(proxy.listen, profile),
    pids: { target: target.pid, toxiproxy: proxy.pid },
    log: target.log,
    stop: async () => {
      await proxy.stop();
      await target.stop();
    },
  };
}

/** One generator process, half its sessions to each of two targets: its own ceiling. */
export async function twoTargetSetup(): Promise<HoldSetup> {
  const targets = await Promise.all([startTarget(), startTarget()]);
  const [first, second] = targets.map((t) => t.stream) as [Address, Address];
  return {
    generator: (profile) => startTwoTargetGenerator(first, second, halve(profile)),
    pids: { target1: targets[0]!.pid, target2: targets[1]!.pid },
    log: targets.flatMap((t) => t.log),
    stop: async () => void (await Promise.all(targets.map((t) => t.stop()))),
  };
}

/** The same ramp with half the VUs, for each of the two targets. */
function halve(profile: ProfileInput): ProfileInput {
  return {
    ...profile,
    stages: profile.stages?.map((s) => ({ ...s, target: Math.ceil(s.target / 2) })),
  };
}
