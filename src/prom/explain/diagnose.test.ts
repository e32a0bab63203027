import { describe, expect, it } from 'vitest';
import { matchingDifference } from './diagnose.js';

describe('matchingDifference', () => {
  const errors = [{ labels: { error_type: 'connection_dropped', instance_id: 'a', job: 't' } }];
  const totals = [{ labels: { instance_id: 'a', job: 't' } }];

  it('names the label only one side carries', () => {
    expect(matchingDifference(errors, totals)).toBe(
      'the left side carries error_type that the right side lacks (left {error_type="connection_dropped", instance_id="a", job="t"}, right {instance_id="a", job="t"}); use ignoring(error_type) or aggregate both sides by the labels they share',
    );
  });

  it('is empty when a pair matches, with on/ignoring applied', () => {
    expect(
      matchingDifference(errors, totals, { on: false, labels: ['error_type'], include: [] }),
    ).toBe('');
    expect(
      matchingDifference(errors, totals, { on: true, labels: ['instance_id'], include: [] }),
    ).toBe('');
    expect(
      matchingDifference(
        [{ labels: { __name__: 'x', a: '1' } }],
        [{ labels: { __name__: 'y', a: '1' } }],
      ),
    ).toBe('');
  });

  it('names labels whose values never coincide', () => {
    expect(
      matchingDifference([{ labels: { instance_id: 'a' } }], [{ labels: { instance_id: 'b' } }]),
    ).toMatch(/^the label values never coincide on instance_id/);
  });
});
