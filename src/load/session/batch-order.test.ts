import { describe, expect, it } from 'vitest';
import { batchOrder } from './batch-order.js';

describe('batchOrder', () => {
  it('takes any first number: the published server has already written ACKs', () => {
    expect(batchOrder(-1, 3)).toEqual({ kind: 'first' });
    expect(batchOrder(-1, 0)).toEqual({ kind: 'first' });
  });

  it('accepts +1 and the published server’s gaps (3, 5, 7, 10, 12, 14)', () => {
    expect(batchOrder(3, 4)).toEqual({ kind: 'next' });
    const seen = [3, 5, 7, 10, 12, 14];
    const skipped = seen.slice(1).map((n, i) => batchOrder(seen[i]!, n));
    expect(skipped).toEqual([
      { kind: 'gap', skipped: 1 },
      { kind: 'gap', skipped: 1 },
      { kind: 'gap', skipped: 2 },
      { kind: 'gap', skipped: 1 },
      { kind: 'gap', skipped: 1 },
    ]);
  });

  it('refuses a repeat and a step back', () => {
    expect(batchOrder(5, 5)).toEqual({
      kind: 'out_of_order',
      detail: 'batch_sequence repeated: 5 after 5',
    });
    expect(batchOrder(7, 4)).toEqual({
      kind: 'out_of_order',
      detail: 'batch_sequence went back: 4 after 7',
    });
  });
});
