import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineFault, isFaultKind } from './fault-kind.js';

const kind = (extra: object) => ({
  type: 'reset-storm',
  summary: 'test kind',
  options: z.object({}),
  create: () => ({
    kind: 'reset-storm',
    intent: 'nothing',
    apply: async () => ({ kind: 'reset-storm', summary: '', how: '', details: {} }),
  }),
  ...extra,
});

describe('defineFault', () => {
  it("takes a kind's own bounds, in whole milliseconds up to 10 minutes", () => {
    expect(isFaultKind(defineFault(kind({ bounds: { applyMs: 5000, undoMs: 2000 } })))).toBe(true);
    expect(() => defineFault(kind({ bounds: { applyMs: 0 } }))).toThrow(
      'defineFault(reset-storm): bounds.applyMs: expected a whole number of milliseconds from 1 to 600000 (10 minutes), got 0',
    );
    expect(() => defineFault(kind({ bounds: { undoMs: 1.5 } }))).toThrow(/bounds\.undoMs/);
  });
});
