// Zod schemas for the input shapes of profile-types.ts. Durations come out as
// milliseconds; unknown fields are rejected so a typo never silently does nothing.

import { z } from 'zod';
import { parseDuration } from './duration.js';
import { show } from './profile-errors.js';

function durationField(minimumMs: number) {
  return z.unknown().transform((value, context) => {
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms !== undefined && ms >= minimumMs) return ms;
    const message =
      ms === undefined
        ? `expected a duration like "30s", got ${show(value)}`
        : `expected a duration above 0, got ${show(value)}`;
    context.addIssue({ code: 'custom', message, fatal: true });
    return z.NEVER;
  });
}
export const duration = durationField(0);
const positiveDuration = durationField(1);
const count = z.number().int().min(0);
const rate = z.number().min(0);

const stage = z.object({ duration, target: count }).strict();
const rateStage = z.object({ duration, target: rate }).strict();

const lifetime = z.union([
  positiveDuration.transform((durationMs) => ({ kind: 'fixed' as const, durationMs })),
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('fixed'), duration: positiveDuration }).strict(),
    z.object({ kind: z.literal('uniform'), min: duration, max: positiveDuration }).strict(),
    z
      .object({ kind: z.literal('exponential'), mean: positiveDuration, max: duration.optional() })
      .strict(),
  ]),
]);

const heartbeatInterval = z.union([z.literal(false), z.literal('off'), positiveDuration]);

const reconnect = z.union([
  z.literal(false),
  z
    .object({
      initialDelay: duration.optional(),
      maxDelay: duration.optional(),
      multiplier: z.number().min(1).optional(),
      jitter: z.number().min(0).max(1).optional(),
      maxAttempts: count.optional(),
    })
    .strict(),
]);

export const sessionFields = {
  lifetime: lifetime.optional(),
  heartbeatInterval: heartbeatInterval.optional(),
  pongTimeout: positiveDuration.optional(),
  serverHeartbeatInterval: positiveDuration.optional(),
  connectTimeout: positiveDuration.optional(),
  handshakeTimeout: positiveDuration.optional(),
  dataStallAfter: z.number().min(1).optional(),
  credentials: z
    .object({ username: z.string().optional(), password: z.string().optional() })
    .strict()
    .optional(),
  clientId: z.string().min(1).optional(),
  symbols: z.array(z.string().min(1)).optional(),
  mode: z.enum(['SECOND', 'MINUTE']).optional(),
  reconnect: reconnect.optional(),
};
export const sessionKeys = Object.keys(sessionFields);

const common = {
  ...sessionFields,
  startTime: duration.optional(),
  gracefulStop: duration.optional(),
};
const arrivals = z.enum(['even', 'poisson']).optional();

export const scenarioSchema = z.discriminatedUnion('executor', [
  z
    .object({
      ...common,
      executor: z.literal('constant-vus'),
      vus: count.optional(),
      duration: positiveDuration,
    })
    .strict(),
  z
    .object({
      ...common,
      executor: z.literal('ramping-vus'),
      stages: z.array(stage).min(1),
      startVUs: count.optional(),
      gracefulRampDown: duration.optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      executor: z.literal('constant-arrival-rate'),
      duration: positiveDuration,
      rate,
      timeUnit: positiveDuration.optional(),
      preAllocatedVUs: count,
      maxVUs: count.optional(),
      arrivals,
    })
    .strict(),
  z
    .object({
      ...common,
      executor: z.literal('ramping-arrival-rate'),
      stages: z.array(rateStage).min(1),
      startRate: rate.optional(),
      timeUnit: positiveDuration.optional(),
      preAllocatedVUs: count,
      maxVUs: count.optional(),
      arrivals,
    })
    .strict(),
]);
export type ParsedScenario = z.infer<typeof scenarioSchema>;

export const topLevelSchema = z
  .object({ ...sessionFields, seed: z.number().int().optional() })
  .strict();
export type ParsedSession = z.infer<typeof topLevelSchema>;
