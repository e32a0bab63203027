import { describe, expect, it } from 'vitest';
import { abortLines, outcomeLabel } from './format.js';

describe('how an aborted drill reads', () => {
  it('is ABORTED, not the outcome it carries, unless the run was interrupted', () => {
    expect(outcomeLabel({ outcome: 'error', aborted: { by: 'chaos stop' } })).toBe('ABORTED');
    expect(outcomeLabel({ outcome: 'error', aborted: true, interrupted: true })).toBe('ERROR');
    expect(outcomeLabel({ outcome: 'no-data' })).toBe('NO DATA');
  });

  it('says the reason, the condition and its values', () => {
    expect(
      abortLines({
        by: 'stop condition',
        reason: 'stop condition "x" held at T: {a="b"} 2',
        at: 'T',
        condition: { name: 'x', query: 'up == 0' },
        values: [{ labels: { a: 'b' }, value: 2 }],
        seenBy: 'fd-exhaustion',
      }),
    ).toEqual([
      'aborted at T by stop condition (seen by drill fd-exhaustion): stop condition "x" held at T: {a="b"} 2',
      'condition `up == 0`',
      'value {a="b"} 2',
    ]);
  });
});
