import { describe, expect, it } from 'vitest';
import { droppedGroupings } from './dropped-grouping.js';

describe('grouping by a label the input already dropped', () => {
  it('names the outer by label an inner aggregation dropped', () => {
    const [found, ...rest] = droppedGroupings('sum by (job) (sum by (instance) (rate(a[5m])))');
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ offset: 0, labels: ['job'] });
    expect(found!.explanation).toBe(
      'sum by (job) groups by job, which its input `sum by (instance) (rate(a[5m]))` can no longer carry (it keeps at most {instance}): the result has no job label',
    );
  });

  it('says nothing where the label can still be there', () => {
    for (const expr of [
      'sum by (job) (rate(a[5m]))',
      'sum by (job) (sum by (job, instance) (rate(a[5m])))',
      'sum by (x) (sum without (instance) (a))',
      'sum without (job) (sum by (instance) (a))',
    ])
      expect(droppedGroupings(expr), expr).toEqual([]);
  });
});
