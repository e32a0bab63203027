// What every load summary must satisfy, whatever happened: each started session ended
// exactly one way, and none completed without finishing its handshake.

import { expect } from 'vitest';

export function expectSessionsAddUp(summary: Record<string, unknown>): void {
  const n = (field: string) => summary[field] as number;
  expect(n('completed') + n('droppedTotal') + n('interrupted')).toBe(n('started'));
  expect(n('completed')).toBeLessThanOrEqual(n('handshakes'));
  expect(n('handshakes')).toBeLessThanOrEqual(n('started'));
}
