// What Alertmanager's webhook integration posts (payload version 4), checked field by field
// before the drill keeps it: the receiver listens on a port anyone on the machine can reach,
// so a body is kept only when it has the shape Alertmanager sends, and anything else is
// refused with the first field that differs.

import { z } from 'zod';

/** Strings only, as Alertmanager's label and annotation maps are (Go's map[string]string). */
const stringMap = z
  .unknown()
  // zod would drop a `__proto__` key without a word: refused instead, so no label goes missing.
  .superRefine((value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__'))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a key named __proto__ is not kept' });
  })
  .pipe(z.record(z.string(), z.string()));

/** RFC 3339, as Go writes a time.Time (`0001-01-01T00:00:00Z` for an alert still firing). */
const timestamp = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'expected an RFC 3339 time');

const status = z.enum(['firing', 'resolved']);

const alertSchema = z.object({
  status,
  labels: stringMap,
  annotations: stringMap,
  startsAt: timestamp,
  endsAt: timestamp,
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

const payloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status,
  receiver: z.string(),
  groupLabels: stringMap,
  commonLabels: stringMap.optional(),
  commonAnnotations: stringMap.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertSchema).min(1),
});

export type WebhookPayload = z.infer<typeof payloadSchema>;

/** One alert of a notification, as kept. */
export type DeliveredAlert = Pick<
  z.infer<typeof alertSchema>,
  'status' | 'labels' | 'annotations' | 'startsAt' | 'endsAt' | 'fingerprint'
>;

/** A notification as the drill keeps it: what was posted, where, and when. */
export interface Notification {
  receivedAt: string;
  /** The receiver the user's config meant it for (from the webhook path). */
  meantFor: string;
  /** The receiver Alertmanager names in the payload. */
  receiver: string;
  status: WebhookPayload['status'];
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: DeliveredAlert[];
}

export type ParsedNotification = { notification: Notification } | { problem: string };

/** The notification in `body`, or what about it is not Alertmanager's webhook payload v4. */
export function parseNotification(
  meantFor: string,
  body: string,
  receivedAt = new Date(),
): ParsedNotification {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { problem: `the body is not JSON (${(error as Error).message})` };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the body';
    return {
      problem: `${where}: ${issue.message} (expected Alertmanager's webhook payload, version 4)`,
    };
  }
  const payload = parsed.data;
  return {
    notification: {
      receivedAt: receivedAt.toISOString(),
      meantFor,
      receiver: payload.receiver,
      status: payload.status,
      groupKey: payload.groupKey,
      groupLabels: payload.groupLabels,
      alerts: payload.alerts.map((alert) => ({
        status: alert.status,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: alert.startsAt,
        endsAt: alert.endsAt,
        ...(alert.fingerprint ? { fingerprint: alert.fingerprint } : {}),
      })),
    },
  };
}
