// Runtime validation of scenario files. Every duration and every PromQL expression is
// parsed here, at load time, before any process starts (k6 parses thresholds first).

import { z } from 'zod';
import { isDuration, parseDuration } from '../prom/promql/duration.js';
import { findSyntaxError } from '../prom/promql/parse.js';
import { FaultRegistry } from '../faults/fault-registry.js';
import { actionSchemaFor } from './action-schema.js';

const duration = z.string().refine(isDuration, (value) => ({
  message: `expected a duration like "5m" or "30s", got ${JSON.stringify(value)}`,
}));
/** A bound or a period: zero would be met, or measured, in no time at all. */
const positiveDuration = duration.refine(
  (value) => !isDuration(value) || parseDuration(value) > 0,
  (value) => ({ message: `expected a duration above 0 like "5m", got ${JSON.stringify(value)}` }),
);

/** A pattern whose message says what was found (zod's regex issues do not). */
const matching = (pattern: RegExp, expected: string) =>
  z.string().refine(
    (value) => pattern.test(value),
    (value) => ({ message: `expected ${expected}, got ${JSON.stringify(value)}` }),
  );

const positiveNumber = z.number().refine(
  (n) => n > 0,
  (n) => ({ message: `expected a number above 0, got ${JSON.stringify(n)}` }),
);

const promql = z.string().superRefine((expr, context) => {
  const problem = findSyntaxError(expr);
  if (problem) {
    context.addIssue({
      code: 'custom',
      message: `expected valid PromQL, got a syntax error at column ${problem.column}: ${problem.reason}`,
    });
  }
});

const positiveInteger = z.number().refine(
  (n) => Number.isInteger(n) && n > 0,
  (n) => ({ message: `expected a positive integer, got ${JSON.stringify(n)}` }),
);

const actions = (registry: FaultRegistry, role: string) =>
  z.array(actionSchemaFor(registry)).refine(
    (list) => list.length > 0,
    () => ({ message: `expected at least one ${role} action, got []` }),
  );

/**
 * A stop condition: PromQL that "holds" when its instant query returns at least one sample
 * (an alert expression's filter semantics), at runbook scale like every query here.
 */
export const stopConditionSchema = z
  .object({ name: z.string().min(1).optional(), query: promql })
  .strict();
export type StopCondition = z.infer<typeof stopConditionSchema>;

/** A scenario's name becomes part of folder, ledger and cgroup names, which have limits. */
export const MAX_NAME_LENGTH = 63;

export function scenarioSchemaFor(registry: FaultRegistry) {
  return z
    .object({
      name: matching(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase name like "fd-exhaustion"').refine(
        (name) => name.length <= MAX_NAME_LENGTH,
        (name) => ({
          message: `expected a name of at most ${MAX_NAME_LENGTH} characters (it names folders, ledgers and cgroups), got ${name.length}`,
        }),
      ),
      description: z.string().min(1),
      cause: z.string().optional(),
      alert: z
        .object({
          name: z.string().min(1),
          rules: z.string().min(1),
          threshold: positiveNumber,
          firesWithin: positiveDuration.optional(),
        })
        .strict(),
      target: z
        .object({
          env: z.record(z.string()).optional(),
          supervisor: z.enum(['none', 'restart']).optional(),
        })
        .strict()
        .optional(),
      // Validated by the load generator's own normaliser, which names the path too.
      load: z.record(z.unknown()),
      loadPath: z.enum(['proxy', 'direct']).optional(),
      credentials: z
        .object({ username: z.string().optional(), password: z.string().optional() })
        .strict()
        .optional(),
      runbook: z
        .object({ section: z.string().min(1), remediation: z.string().min(1) })
        .strict()
        .optional(),
      baseline: z
        .object({
          duration: positiveDuration.optional(),
          minConnectionsPerWindow: positiveInteger.optional(),
        })
        .strict()
        .optional(),
      // The kinds themselves: read from their modules (user-fault-module.ts), not validated as data.
      faults: z.array(z.unknown()).optional(),
      inject: actions(registry, 'fault'),
      remediate: actions(registry, 'remediation'),
      verify: z.object({ query: promql, within: positiveDuration }).strict(),
      stopWhen: z.array(stopConditionSchema).optional(),
      page: z
        .object({
          alertmanagerConfig: z.string().min(1),
          receiver: z.string().min(1),
          labels: z.record(z.string()).optional(),
          annotations: z.array(z.string().min(1)).optional(),
          within: z
            .object({
              fromFault: positiveDuration.optional(),
              fromFiring: positiveDuration.optional(),
            })
            .strict()
            .optional(),
          resolved: z.boolean().optional(),
        })
        .strict()
        .optional(),
      steadyState: z
        .object({
          dropRate: promql.optional(),
          clientDropRate: promql.optional(),
          traffic: promql.optional(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .superRefine((scenario, context) => {
      if (scenario.loadPath !== 'direct') return;
      scenario.inject.forEach((action, index) => {
        if (registry.kind(action.type)?.needs?.proxyPath) {
          context.addIssue({
            code: 'custom',
            path: ['inject', index, 'type'],
            message: `expected a fault that acts on the target with loadPath "direct", got a ${action.type} fault, which acts on the path through Toxiproxy that "direct" bypasses (use loadPath "proxy")`,
          });
        }
      });
    });
}

/** The schema for scenarios that use only the built-in fault kinds. */
export const scenarioSchema = scenarioSchemaFor(new FaultRegistry());
