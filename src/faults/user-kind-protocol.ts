// What the chaos process and a user kind's fault host (user-kind-host.ts) say to each
// other: requests and replies over the IPC channel; ledger records and log lines over a
// socket of their own (fd 3), written synchronously, one JSON line each, so neither is
// lost when the kind ends its process right after (a record is also acknowledged, once
// it is durable, before the kind goes on).

import type { AppliedAction } from './action.js';
import type { FaultBounds, FaultNeeds } from './fault-kind.js';
import type { EffectReading } from './fault-effect.js';
import type { LedgerEntry } from './ledger.js';
import type { StackView } from './user-kind-stack.js';

/** The fd the host writes ledger records and log lines to, and reads acknowledgements from. */
export const LEDGER_FD = 3;

/** Everything the chaos process knows of a kind: what `describe` answers once it is imported. */
export interface KindDescription {
  type: string;
  summary: string;
  ledgerKinds: string[];
  needs?: FaultNeeds;
  bounds?: FaultBounds;
  /** The effect's words; absent when the kind states none. */
  effect?: string;
  has: { check: boolean; settings: boolean; doctor: boolean; explainTargetDeath: boolean };
}

/** What a spec will do, asked once at planning: create() and settings() are synchronous in the engine. */
export interface PreparedSpec {
  intent: string;
  settings: Record<string, string>;
  problems: { path: (string | number)[]; message: string }[];
}

/** The context an action gets, as data: the stack's addresses and the state shared so far. */
export interface ContextData {
  stack: StackView;
  drillId: string;
  shared: [string, unknown][];
  allowHostChanges: boolean;
}

export type HostRequest =
  | { op: 'prepare'; spec: { type: string } }
  | { op: 'apply'; spec: { type: string }; context: ContextData }
  | { op: 'undo'; ledgerKind: string; params: Record<string, unknown>; runId: string }
  | { op: 'effect'; applied: AppliedAction; context: ContextData };

export interface HostReplies {
  prepare: PreparedSpec;
  /** The state it left for later actions comes back with what it did. */
  apply: { applied: AppliedAction; shared: [string, unknown][] };
  /** `refused`: its own ownership proof said the entry is not this run's. */
  undo: { detail: string } | { refused: string };
  effect: EffectReading;
}

/** Host → chaos over IPC. */
export type HostMessage =
  | { type: 'ready'; description: KindDescription }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string; unavailable: boolean };

/** Chaos → host over IPC. */
export type ChaosMessage = { id: number } & HostRequest;

/** One record the kind asks for, as it crosses on the ledger socket. */
export interface LedgerRecordLine {
  kind: string;
  params: Record<string, unknown>;
  description: string;
}

/** A line of the drill's log, from the kind's context.log: not acknowledged. */
export interface LogLine {
  log: string;
}

/** The chaos process's answer: the entry once it is fsynced, or why it was not written. */
export type LedgerAckLine = { entry: LedgerEntry } | { error: string };

export function encodeLine(value: LedgerRecordLine | LogLine | LedgerAckLine): string {
  return `${JSON.stringify(value)}\n`;
}

/**
 * Splits what arrived so far into whole lines and the unfinished rest; the socket gives
 * bytes, not messages.
 */
export function splitLines(buffered: string): { lines: string[]; rest: string } {
  const parts = buffered.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((line) => line.trim() !== ''), rest };
}
