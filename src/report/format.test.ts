import { describe, expect, it } from 'vitest';
import type { DrillResult } from '../result/run-result.js';
import { abortLines, outcomeLabel, stopConditionLines } from './format.js';

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

describe('stop conditions watched', () => {
  it('names each, by its name when it has one, and marks the one that held', () => {
    const drill = {
      stopWhen: [
        { name: 'errors', query: 'rate(e[1m]) > 1' },
        { name: 'up == 0', query: 'up == 0' },
      ],
      aborted: {
        by: 'stop condition',
        reason: '',
        at: '',
        condition: { name: 'up == 0', query: 'up == 0' },
      },
    } as unknown as DrillResult;
    expect(stopConditionLines(drill)).toEqual([
      'errors: `rate(e[1m]) > 1`',
      '`up == 0` (held: the drill stopped)',
    ]);
    expect(stopConditionLines({} as DrillResult)).toEqual([]);
  });
});
