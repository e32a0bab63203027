// Runtime validation of scenario files. Every duration and every PromQL expression is
// parsed here, at load time, before any process starts (k6 parses thresholds first).

import { z } from 'zod';
import { isDuration, parseDuration } from '../prom/promql/duration.js';
import { findSyntaxError } from '../prom/promql/parse.js';

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

/** Toxiproxy's attribute names per toxic type, in its own units. */
export const toxicAttributes: Record<string, readonly string[]> = {
  latency: ['latency', 'jitter'],
  bandwidth: ['rate'],
  slow_close: ['delay'],
  timeout: ['timeout'],
  slicer: ['average_size', 'size_variation', 'delay'],
  limit_data: ['bytes'],
  reset_peer: ['timeout'],
};

const toxicAction = z
  .object({
    type: z.literal('toxic'),
    toxic: z.enum([
      'latency',
      'bandwidth',
      'slow_close',
      'timeout',
      'slicer',
      'limit_data',
      'reset_peer',
    ]),
    stream: z.enum(['downstream', 'upstream', 'both']).optional(),
    toxicity: z.number().min(0).max(1).optional(),
    // Toxiproxy reads attributes as 64-bit integers; Infinity or 1e300 is no latency at all.
    attributes: z
      .record(
        z.number().refine(
          (n) => Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER,
          (n) => ({ message: `expected a finite number from 0 to 2^53, got ${String(n)}` }),
        ),
      )
      .optional(),
  })
  .strict();

function checkToxicAttributes(action: z.infer<typeof toxicAction>, context: z.RefinementCtx): void {
  const allowed = toxicAttributes[action.toxic] ?? [];
  for (const name of Object.keys(action.attributes ?? {})) {
    if (!allowed.includes(name)) {
      context.addIssue({
        code: 'custom',
        path: ['attributes', name],
        message: `unknown attribute for a ${action.toxic} toxic; expected one of ${allowed.join(', ')}`,
      });
    }
  }
}

const positiveInteger = z.number().refine(
  (n) => Number.isInteger(n) && n > 0,
  (n) => ({ message: `expected a positive integer, got ${JSON.stringify(n)}` }),
);
/** A file descriptor limit: the kernel keeps it in an int (and nr_open caps it lower still). */
const nofileLimit = positiveInteger.refine(
  (n) => n <= 2 ** 31 - 1,
  (n) => ({ message: `expected a limit of at most 2147483647, got ${String(n)}` }),
);

const nofileAction = z
  .object({
    type: z.literal('nofile'),
    soft: z.union([
      nofileLimit,
      z.literal('hard'),
      z.object({ openFdsPlus: z.number().int().min(-1_000_000).max(1_000_000) }).strict(),
    ]),
  })
  .strict();

const noAction = z.object({ type: z.literal('none'), note: z.string().optional() }).strict();

const size = matching(/^\d+(\.\d+)?(B|KiB|MiB|GiB|TiB)$/, 'a size like "512MiB" or "4GiB"').refine(
  (text) => !/^0+(\.0+)?[A-Za-z]+$/.test(text),
  (text) => ({ message: `expected a size above 0 like "512MiB", got ${JSON.stringify(text)}` }),
);
const envMap = z.record(z.string());

const restartTargetAction = z
  .object({ type: z.literal('restart-target'), env: envMap.optional() })
  .strict();
const memoryPressureAction = z
  .object({
    type: z.literal('memory-pressure'),
    ceiling: size,
    fill: z.number().min(0.9).max(0.99).optional(),
  })
  .strict();
const memoryCeilingAction = z.object({ type: z.literal('memory-ceiling'), ceiling: size }).strict();
const packetLossAction = z
  .object({
    type: z.literal('packet-loss'),
    // nftables' numgen compares whole numbers: 2.5 % cannot be written.
    percent: z
      .number()
      .min(1)
      .max(90)
      .refine(
        (n) => Number.isInteger(n),
        (n) => ({ message: `expected a whole percent like 2, got ${String(n)}` }),
      ),
    ifAvailable: z.boolean().optional(),
  })
  .strict();
const sysctlAction = z
  .object({
    type: z.literal('sysctl'),
    values: z.record(
      matching(/^net(\.[a-z0-9_]+)+$/, 'a network sysctl key like net.core.somaxconn'),
      z.string(),
    ),
  })
  .strict();

export const actionSchema = z
  .discriminatedUnion('type', [
    nofileAction,
    toxicAction,
    noAction,
    restartTargetAction,
    memoryPressureAction,
    memoryCeilingAction,
    packetLossAction,
    sysctlAction,
    z.object({ type: z.literal('reopen-listener') }).strict(),
  ])
  .superRefine((action, context) => {
    if (action.type === 'toxic') checkToxicAttributes(action, context);
  });

const actions = (role: string) =>
  z.array(actionSchema).refine(
    (list) => list.length > 0,
    () => ({ message: `expected at least one ${role} action, got []` }),
  );

/** A scenario's name becomes part of folder, ledger and cgroup names, which have limits. */
export const MAX_NAME_LENGTH = 63;

export const scenarioSchema = z
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
    inject: actions('fault'),
    remediate: actions('remediation'),
    verify: z.object({ query: promql, within: positiveDuration }).strict(),
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
      if (action.type === 'toxic' || action.type === 'packet-loss') {
        context.addIssue({
          code: 'custom',
          path: ['inject', index, 'type'],
          message: `expected a fault that acts on the target with loadPath "direct", got a ${action.type} fault, which acts on the path through Toxiproxy that "direct" bypasses (use loadPath "proxy")`,
        });
      }
    });
  });
