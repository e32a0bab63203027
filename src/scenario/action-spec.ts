// What a scenario asks to do to the system, as a fault (`inject`) or a remediation
// (`remediate`): the same kind of thing, an action with apply and a recorded undo.

export type ToxicType =
  'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'slicer' | 'limit_data' | 'reset_peer';

/** Set the target's soft file-descriptor limit. */
export interface NofileAction {
  type: 'nofile';
  /**
   * A number (capped at the hard limit, and the report says so), `'hard'`, or
   * `{ openFdsPlus: n }`: the target's open-fd count at the moment of injection plus n,
   * which puts it past the resource guard's 90 % line; a negative n puts it below what
   * is open, so nothing new is accepted until that many fds close.
   */
  soft: number | 'hard' | { openFdsPlus: number };
}

/** A Toxiproxy toxic on the proxy between the load and the target. */
export interface ToxicAction {
  type: 'toxic';
  toxic: ToxicType;
  /** downstream = target → clients; upstream = clients → target; both = one toxic each. */
  stream?: 'downstream' | 'upstream' | 'both';
  /** Fraction of connections affected, 0..1 (default 1). */
  toxicity?: number;
  /** Toxiproxy's attributes for this type, in its units (ms, KB/s, bytes). */
  attributes?: Record<string, number>;
}

/** Does nothing: the negative control that must make a drill fail. */
export interface NoAction {
  type: 'none';
  note?: string;
}

export type ActionSpec = NofileAction | ToxicAction | NoAction | OsActionSpec;

/** Restart the target as a rollout would, with these variables added (GOMEMLIMIT, GOGC, CONNECTION_TIMEOUT...). */
export interface RestartTargetAction {
  type: 'restart-target';
  env?: Record<string, string>;
}

/**
 * Hold the target near its memory ceiling: a cgroup memory limit on the target plus a
 * co-located memory hog filling it to `fill` (past the guard's 90 %); where cgroups
 * are not writable, a restart with a memory budget below its resident memory.
 */
export interface MemoryPressureAction {
  type: 'memory-pressure';
  /** The ceiling, Go size syntax like "512MiB" (what a container limit would be). */
  ceiling: string;
  /** Fraction of the ceiling to fill, 0.9..0.99 (default 0.92). */
  fill?: number;
}

/** Raise the memory ceiling the memory-pressure fault set (the runbook: 4 GiB). */
export interface MemoryCeilingAction {
  type: 'memory-ceiling';
  ceiling: string;
}

/** Real random packet drops on the target's stream port, with nftables in the target's own namespace. */
export interface PacketLossAction {
  type: 'packet-loss';
  /** Percent of packets dropped in each direction, 1..90. */
  percent: number;
  /** Where namespaces or nftables are unavailable, record why and go on (other faults model the loss). */
  ifAvailable?: boolean;
}

/**
 * Kernel settings in the target's network namespace (`net.core.somaxconn`...). A key
 * that only exists host-wide is reported as not applied unless `--allow-host-sysctl`.
 */
export interface SysctlAction {
  type: 'sysctl';
  values: Record<string, string>;
}

export type OsActionSpec =
  | RestartTargetAction
  | MemoryPressureAction
  | MemoryCeilingAction
  | PacketLossAction
  | SysctlAction
  | ReopenListenerAction;

/** Make the target listen again (SIGHUP): a new listen() takes the kernel's current backlog settings; open sessions stay. */
export interface ReopenListenerAction {
  type: 'reopen-listener';
}
