// A user's fault kind as the engine and the registry see it: a FaultKind built from what
// its fault host described, whose every call runs in the host (user-kind-host-process.ts),
// bounded by the kind's own bounds. The engine asks create() and settings() synchronously,
// so each of the scenario's specs is prepared once at planning (its intent, its settings,
// its `check` again). What cannot cross is left out: the options schema (the import child
// validated the specs with it), `doctor` (never asked of a user's kind: `chaos doctor`
// lists the built-ins) and `explainTargetDeath` (synchronous, asked after the target died).

import { z } from 'zod';
import { importBound } from '../bounds.js';
import type { ActionContext, AppliedAction } from './action.js';
import type { FaultKind, LedgerKind } from './fault-kind.js';
import type { FaultEffect } from './fault-effect.js';
import { EFFECT_READ_MS, faultBounds } from './user-kind-bounds.js';
import type { FaultHost } from './user-kind-host-process.js';
import type { ContextData, PreparedSpec } from './user-kind-protocol.js';
import { sharedData, stackView } from './user-kind-stack.js';

export interface ProxyOptions {
  /** Where the host's output goes before any action gives a drill log. */
  log?: (message: string) => void;
  /** Rollback after a crash: each call in a host of its own, ended once it answers. */
  oneShot?: boolean;
}

const specKey = (spec: { type: string }) => JSON.stringify(spec);

export async function hostedFaultKind(
  host: FaultHost,
  specs: readonly { type: string }[],
  options: ProxyOptions = {},
): Promise<FaultKind> {
  let log = options.log ?? (() => {});
  const description = await host.describe(log);
  const prepared = new Map<string, PreparedSpec>();
  for (const spec of specs) {
    const answer = await host.call(
      { op: 'prepare', spec },
      { what: 'create()', boundMs: importBound(), bound: 'CHAOS_IMPORT_BOUND_MS', log },
    );
    if (answer.problems.length > 0)
      throw new Error(
        `${host.shownAs}: ${answer.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`,
      );
    prepared.set(specKey(spec), answer);
  }
  if (options.oneShot) host.end();
  const preparedFor = (spec: { type: string }): PreparedSpec => {
    const found = prepared.get(specKey(spec));
    if (!found)
      throw new Error(
        `${host.shownAs}: the spec ${specKey(spec)} was not among the scenario's when the drill was planned`,
      );
    return found;
  };
  const bounds = faultBounds(description.bounds);
  // The state an apply gave: an effect read later gets the same drill's context.
  let lastContext: Omit<ContextData, 'stack' | 'shared'> = { drillId: '', allowHostChanges: false };
  const oneShot = <T>(work: Promise<T>) =>
    options.oneShot ? work.finally(() => host.end()) : work;

  const ledgerKinds = Object.fromEntries(
    description.ledgerKinds.map((name): [string, LedgerKind] => [
      name,
      {
        // Proven in the host, by the kind's own ownership, before its undo (undoInHost); asked
        // here, it refuses, so nothing that skips the host acts on the entry's word.
        ownership: () => `its proof runs in the fault host of ${host.shownAs}`,
        undo: () =>
          Promise.reject(new Error(`${host.shownAs}: undone only in its fault host (undoInHost)`)),
        undoInHost: async (params, runId, context) => {
          const answer = await oneShot(
            host.call(
              { op: 'undo', ledgerKind: name, params, runId },
              {
                what: `undo of ${name}`,
                boundMs: bounds.undoMs,
                bound: 'bounds.undoMs',
                ...context,
              },
            ),
          );
          if ('refused' in answer)
            throw new Error(`refused, not this run's to undo: ${answer.refused}`);
          return answer.detail;
        },
      },
    ]),
  );

  const effect: FaultEffect | undefined =
    description.effect === undefined
      ? undefined
      : {
          what: description.effect,
          read: ({ stack, shared, applied }) =>
            oneShot(
              host.call(
                {
                  op: 'effect',
                  applied,
                  context: { ...lastContext, stack: stackView(stack), shared: sharedData(shared) },
                },
                {
                  what: 'effect.read',
                  boundMs: EFFECT_READ_MS,
                  bound: 'the engine reads each effect within 5 s',
                  log,
                  endWhenLate: false,
                },
              ),
            ),
        };

  return {
    type: description.type,
    summary: description.summary,
    // Already validated with the kind's own schema and check, in the import child
    // (read-scenario-module.ts): a spec reaching here is accepted as it is.
    options: z.object({}).passthrough(),
    create: (spec) => ({
      kind: description.type,
      intent: preparedFor(spec).intent,
      apply: async (context: ActionContext): Promise<AppliedAction> => {
        log = context.log;
        lastContext = { drillId: context.drillId, allowHostChanges: context.allowHostChanges };
        try {
          const answer = await host.call(
            {
              op: 'apply',
              spec,
              context: {
                ...lastContext,
                stack: stackView(context.stack),
                shared: sharedData(context.shared),
              },
            },
            {
              what: 'apply',
              boundMs: bounds.applyMs,
              bound: 'bounds.applyMs',
              log,
              ledger: context.ledger,
            },
          );
          for (const [key, value] of answer.shared) context.shared.set(key, value);
          return answer.applied;
        } catch (error) {
          // Whatever the kind left half-done in its host goes with it; undo starts a fresh one.
          host.end();
          throw error;
        }
      },
    }),
    ledgerKinds,
    ...(description.needs ? { needs: description.needs } : {}),
    ...(description.has.settings ? { settings: (spec) => preparedFor(spec).settings } : {}),
    ...(effect ? { effect } : {}),
    ...(description.bounds ? { bounds: description.bounds } : {}),
  };
}
