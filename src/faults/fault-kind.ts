// What a fault kind is: one definition holding everything the framework needs to know
// about it (its options' schema, how it acts, the ledger entries it writes and how each
// is undone and proven ours, what it needs from the stack, how `chaos doctor` checks
// it). Built-in kinds (kinds/) and users' own (defineFault) are the same thing, so the
// engine, the scenario schema, doctor and rollback read definitions, never kind names.

import { z } from 'zod';
import type { Check } from '../stack/part-checks.js';
import type { Action } from './action.js';
import type { FaultEffect } from './fault-effect.js';
import type { UndoContext, Undoer } from './undoer.js';

/** One kind of ledger entry: how to revert it, and whether this run provably made what it names. */
export interface LedgerKind {
  undo: Undoer;
  /** Why the entry must not be acted on, or null when the run provably made its object. */
  ownership: (params: Record<string, unknown>, runId: string) => string | null;
  /** The stack itself (processes, the proxy, the namespace): undone after every fault. */
  stack?: boolean;
  /**
   * Set for a kind whose code runs in another process (a user's kind, in its fault host):
   * proves ownership there, then undoes, within the kind's own bounds; rollback then asks
   * neither `ownership` nor `undo` here, and adds no bound of its own.
   */
  undoInHost?: (
    params: Record<string, unknown>,
    runId: string,
    context: UndoContext,
  ) => Promise<string>;
}

/** How long a user's kind may take (its code runs in a fault host, ended past these). */
export interface FaultBounds {
  /** One `apply` (default 60 s). */
  applyMs?: number;
  /** One ledger entry's `undo` (default 30 s). */
  undoMs?: number;
}

export interface FaultNeeds {
  /** Parts the drill must put in a network namespace of its own before the fault can act there. */
  netns?: readonly ('target' | 'proxy')[];
  /** It acts on the path through Toxiproxy, which a scenario's `loadPath: "direct"` bypasses. */
  proxyPath?: boolean;
  /** It restarts the target, which only a provider that started it can do. */
  restart?: boolean;
  /** It acts on the target's process on this machine (its limits, its cgroup). */
  process?: boolean;
  /** Signals it sends the target; a target that does not declare a handler ends on them. */
  signals?: readonly NodeJS.Signals[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOptions = z.ZodObject<any>;

export interface FaultKind<Type extends string = string, Options extends AnyOptions = AnyOptions> {
  /** The scenario's `type`, in the runbook's words: "nofile", "packet-loss". */
  type: Type;
  /** One line for `chaos doctor` and error messages: what it does to the system. */
  summary: string;
  /** Its options besides `type`; unknown fields are refused. */
  options: Options;
  /** Problems zod cannot see in one field (a toxic's attribute names depend on its type). */
  check?: (
    spec: SpecOf<FaultKind<Type, Options>>,
  ) => { path: (string | number)[]; message: string }[];
  create: (spec: SpecOf<FaultKind<Type, Options>>) => Action;
  /** The ledger entries it writes, by kind; a user kind's are recorded as `<type>:<kind>`. */
  ledgerKinds?: Readonly<Record<string, LedgerKind>>;
  needs?: FaultNeeds;
  /** The target settings (environment variables) a spec gives the target, by name. */
  settings?: (spec: SpecOf<FaultKind<Type, Options>>) => Record<string, string>;
  /**
   * What it must change on the target and how the drill reads that while it holds; a kind
   * without one is judged by the drops it adds alone.
   */
  effect?: FaultEffect;
  /** What `chaos doctor` prints for it; nothing here may change the system. */
  doctor?: () => Check[];
  /** When the target died during the drill, what this kind knows about why (an OOM kill in its cgroup). */
  explainTargetDeath?: (shared: ReadonlyMap<string, unknown>) => string | null;
  /** A user's kind only: how long its apply and undo may run before its fault host is ended. */
  bounds?: FaultBounds;
}

/** Any kind at all, whatever its options: what a list of kinds holds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFaultKind = FaultKind<any, any>;

/** A scenario's spec for a kind: `{ type, ...options }`. */
export type Spec<Type extends string, Options extends AnyOptions> = {
  type: Type;
} & z.infer<Options>;

/** A scenario's spec for this kind: `{ type, ...options }`. */
export type SpecOf<K> = K extends FaultKind<infer T, infer O> ? { type: T } & z.infer<O> : never;

/** Marks a user's definition, so a module's default export can be told from anything else. */
export const FAULT_BRAND = 'tickstorm-chaos.fault-kind/1';

const TYPE_NAME = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * Define a fault kind (the public API beside `defineScenario`): the default export of
 * `faults/<type>.ts` in a scenario's folder, listed in the scenario's `faults`.
 */
export function defineFault<Type extends string, Options extends AnyOptions>(
  kind: FaultKind<Type, Options>,
): FaultKind<Type, Options> {
  if (!TYPE_NAME.test(kind.type))
    throw new Error(
      `defineFault: type ${JSON.stringify(kind.type)}: expected a lowercase name like "connection-reset" (letters, digits, -; at most 41 characters)`,
    );
  for (const [name, ledgerKind] of Object.entries(kind.ledgerKinds ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(name))
      throw new Error(
        `defineFault(${kind.type}): ledger kind ${JSON.stringify(name)}: expected a lowercase name`,
      );
    if (typeof ledgerKind.undo !== 'function' || typeof ledgerKind.ownership !== 'function')
      throw new Error(
        `defineFault(${kind.type}): ledger kind "${name}" needs undo and ownership functions`,
      );
  }
  for (const [name, ms] of Object.entries(kind.bounds ?? {})) {
    const problem = boundProblem(ms);
    if (problem) throw new Error(`defineFault(${kind.type}): bounds.${name}: ${problem}`);
  }
  return Object.assign(kind, { brand: FAULT_BRAND });
}

/** A bound longer than this is no bound: a rollback would wait that long per entry. */
export const LONGEST_FAULT_BOUND_MS = 600_000;

/** Why `ms` cannot bound an apply or undo, or null: whole milliseconds, 1 to 600,000. */
export function boundProblem(ms: unknown): string | null {
  if (ms === undefined) return null;
  return Number.isSafeInteger(ms) && (ms as number) > 0 && (ms as number) <= LONGEST_FAULT_BOUND_MS
    ? null
    : `expected a whole number of milliseconds from 1 to ${LONGEST_FAULT_BOUND_MS} (10 minutes), got ${JSON.stringify(ms)}`;
}

export function isFaultKind(value: unknown): value is FaultKind {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { brand?: unknown }).brand === FAULT_BRAND &&
    typeof (value as FaultKind).type === 'string' &&
    typeof (value as FaultKind).create === 'function' &&
    // Duck-typed: a user's module may hold its own copy of zod.
    typeof (value as FaultKind).options?.strict === 'function'
  );
}
