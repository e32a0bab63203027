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
   * which puts it past the resource guard's 90 % line.
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

export type ActionSpec = NofileAction | ToxicAction | NoAction;
