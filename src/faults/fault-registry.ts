// The fault kinds a drill can use: the built-ins plus the user's own from the scenario's
// folder. The scenario schema, the engine's stack preparation, doctor and rollback all
// ask this, so none of them names a kind.

import type { Action, ActionContext } from './action.js';
import type { FaultKind, FaultNeeds, LedgerKind } from './fault-kind.js';
import { builtInFaultKinds } from './kinds/registry.js';
import { stackLedgerKinds } from './stack-ledger-kinds.js';

/** Where a user's kind was loaded from: rollback after a crash imports it again from there. */
export interface FaultModule {
  file: string;
  sha256: string;
}

/** A user's kind runs in a process of its own (user-kind-host.ts), which the registry ends. */
export interface KindHost {
  end(why?: string): void;
}

export class FaultRegistry {
  private readonly kinds = new Map<string, { kind: FaultKind; module?: FaultModule }>();
  private readonly hosts: KindHost[] = [];
  readonly ledgerKinds = new Map<string, LedgerKind>();

  constructor(builtIns: readonly FaultKind[] = builtInFaultKinds as readonly FaultKind[]) {
    for (const [name, ledgerKind] of Object.entries(stackLedgerKinds))
      this.ledgerKinds.set(name, ledgerKind);
    for (const kind of builtIns) this.add(kind);
  }

  /** A user's kind: its ledger entries are `<type>:<kind>` and carry the module they came from. */
  add(kind: FaultKind, module?: FaultModule, host?: KindHost): this {
    if (this.kinds.has(kind.type))
      throw new Error(
        `fault kind "${kind.type}" is defined twice${module ? ` (again in ${module.file})` : ''}; built-in kinds are ${this.types().join(', ')}`,
      );
    this.kinds.set(kind.type, { kind, module });
    for (const [name, ledgerKind] of Object.entries(kind.ledgerKinds ?? {})) {
      const key = module ? userLedgerKind(kind.type, name) : name;
      if (this.ledgerKinds.has(key))
        throw new Error(`ledger kind "${key}" of fault kind "${kind.type}" is already taken`);
      this.ledgerKinds.set(key, ledgerKind);
    }
    if (host) this.hosts.push(host);
    return this;
  }

  /**
   * Ends the user kinds' fault hosts, when the drill's rollback is done or the drill is
   * stopping (a call still running fails, saying why); a later call starts a fresh one.
   */
  endHosts(why?: string): void {
    for (const host of this.hosts) host.end(why);
  }

  types(): string[] {
    return [...this.kinds.keys()];
  }

  kind(type: string): FaultKind | undefined {
    return this.kinds.get(type)?.kind;
  }

  module(type: string): FaultModule | undefined {
    return this.kinds.get(type)?.module;
  }

  /** The action for a spec the schema accepted. */
  create(spec: { type: string }): Action {
    const entry = this.kinds.get(spec.type);
    if (!entry) throw new Error(`no fault kind "${spec.type}" (known: ${this.types().join(', ')})`);
    const action = entry.kind.create(spec as never);
    const { module } = entry;
    if (!module) return action;
    // A user's kind writes to the ledger under its own names, with the module that undoes them.
    return {
      ...action,
      apply: (context: ActionContext) =>
        action.apply({
          ...context,
          ledger: {
            record: (kind: string, params: Record<string, unknown>, description: string) =>
              context.ledger.record(
                userLedgerKind(spec.type, kind),
                { ...params, faultModule: module.file, faultModuleSha256: module.sha256 },
                description,
              ),
          },
        }),
    };
  }

  /** What the specs together need from the stack. */
  needs(specs: readonly { type: string }[]): Required<Pick<FaultNeeds, 'netns' | 'proxyPath'>> {
    const netns = new Set<'target' | 'proxy'>();
    let proxyPath = false;
    for (const spec of specs) {
      const needs = this.kind(spec.type)?.needs;
      for (const part of needs?.netns ?? []) netns.add(part);
      proxyPath ||= needs?.proxyPath === true;
    }
    return { netns: [...netns], proxyPath };
  }

  /** The target settings a spec gives the target (a restart's environment), by name. */
  settings(spec: { type: string }): Record<string, string> {
    return this.kind(spec.type)?.settings?.(spec as never) ?? {};
  }

  /** What the kinds in use know about the target's death (an OOM kill in their cgroup). */
  explainTargetDeath(shared: ReadonlyMap<string, unknown>): string[] {
    return [...this.kinds.values()]
      .map(({ kind }) => kind.explainTargetDeath?.(shared) ?? null)
      .filter((note): note is string => note !== null);
  }

  isStackEntry(kind: string): boolean {
    return this.ledgerKinds.get(kind)?.stack === true;
  }
}

export function userLedgerKind(type: string, kind: string): string {
  return `${type}:${kind}`;
}
