// A scenario's `inject` and `remediate` entries, validated by the kind each names: its
// own options schema (strict), then its own cross-field checks. Built from the registry
// a drill uses, so a user's kind is checked exactly like a built-in one.

import { z } from 'zod';
import type { FaultRegistry } from '../faults/fault-registry.js';

export function actionSchemaFor(registry: FaultRegistry) {
  const strict = new Map(
    registry.types().map((type) => [type, registry.kind(type)!.options.strict()]),
  );
  return z
    .object({ type: z.string() })
    .passthrough()
    .transform((value, context) => {
      const { type, ...options } = value as { type: string } & Record<string, unknown>;
      const kind = registry.kind(type);
      const schema = strict.get(type);
      if (!kind || !schema) {
        context.addIssue({
          code: 'invalid_union_discriminator',
          options: registry.types(),
          path: ['type'],
        });
        return z.NEVER;
      }
      const parsed = schema.safeParse(options);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) context.addIssue(issue);
        return z.NEVER;
      }
      const spec = { type, ...(parsed.data as Record<string, unknown>) };
      const problems = kind.check?.(spec as never) ?? [];
      for (const problem of problems)
        context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      return problems.length > 0 ? z.NEVER : spec;
    });
}
