// What the drill engine needs from a stack, whichever provider built it (local
// processes, containers, or parts already running elsewhere).

import type { PrometheusClient } from '../prom/client.js';
import type { ProcessIdentity } from './process/proc-identity.js';
import type { ExitInfo } from './process/supervised.js';
import type { ToxiproxyClient } from './toxiproxy/toxiproxy-client.js';
import type { TargetRestart } from '../result/run-result.js';

export interface StackAddress {
  host: string;
  port: number;
}

export interface DrillStack {
  provider: 'local' | 'external' | 'docker';
  prometheus: PrometheusClient;
  /** The Alertmanager Prometheus sends to, when the drill runs one. */
  alertmanager: { url: string } | null;
  toxiproxy: {
    client: ToxiproxyClient;
    proxy: string;
    listen: StackAddress;
    /** The network namespace Toxiproxy runs in, when the drill put it in one. */
    netns: string | null;
    /** Its container, when the provider runs it in one: the proxy's port inside it. */
    container?: { name: string; proxyPort: number } | null;
  };
  target: {
    stream: StackAddress;
    metricsUrl: string;
    /** Its health endpoint, when known (the runbook's first look). */
    healthUrl?: string;
    /** The target process on this machine, for OS-level faults; null when external. */
    process: () => ProcessIdentity | null;
    /** How the target process ended, once it has (null while it runs, or when external). */
    exit: () => ExitInfo | null;
    stderrTail: () => string;
    /**
     * Restart the target as a rollout would, with these variables added to its
     * environment, on the same ports; null when the provider cannot.
     */
    restart: ((env: Record<string, string>) => Promise<ProcessIdentity>) | null;
    /** Every new target process so far, by whom: the drill's rollouts, a supervisor, or someone else. */
    restarts: () => readonly TargetRestart[];
    /** Runs after every restart with the new process, so faults that follow the process re-apply. */
    onRestart: (hook: (identity: ProcessIdentity) => Promise<void>) => void;
    /** The network namespace the target runs in, when the drill made one. */
    netns: string | null;
    /**
     * Its container, when the provider runs it in one: OS-level faults act inside it
     * (its name is what the ledger records), since `process()` is null there.
     */
    container?: { name: string } | null;
  };
  /** The drill is ending: stop restarting parts that die (a supervised target), so teardown can end them. */
  quiesce: () => void;
  /** A part of the stack itself (Prometheus, Toxiproxy) that died: the drill is an `error`. */
  brokenPart: () => string | null;
  /** Addresses and versions, for the report. */
  describe: () => Record<string, string>;
  stop: () => Promise<void>;
}

/** Called for every child a provider starts, so the ledger can end it after a crash. */
export type ChildRecorder = (name: string, identity: ProcessIdentity) => void;
