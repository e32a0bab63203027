import { describe, expect, it } from 'vitest';
import { parsePromQL } from './parse.js';
import { cannotCarry, labelKnowledge } from './label-sets.js';
import type { SeriesLookup } from './label-sets.js';
import type { Labels } from '../api-types.js';

function know(expr: string, lookup?: SeriesLookup) {
  const { root } = parsePromQL(expr);
  const knowledge = labelKnowledge(expr, root, lookup);
  return {
    type: knowledge.type,
    always: [...knowledge.always].sort(),
    atMost: knowledge.atMost ? [...knowledge.atMost].sort() : null,
    never: [...knowledge.never].sort(),
    observed: knowledge.observed,
    knowledge,
  };
}

describe('labelKnowledge', () => {
  it('reads equality matchers as labels every series carries', () => {
    expect(
      know('rate(errors{error_type="connection_dropped", code!="5", x=""}[5m])'),
    ).toMatchObject({
      type: 'vector',
      // job and instance: Prometheus adds them to every scraped series.
      always: ['error_type', 'instance', 'job'],
      atMost: null,
      never: ['x'],
      observed: false,
    });
  });

  it('bounds labels by aggregation', () => {
    expect(know('sum by (instance_id) (rate(e{error_type="d"}[5m]))')).toMatchObject({
      always: [],
      atMost: ['instance_id'],
    });
    expect(know('sum by (error_type) (e{error_type="d"})')).toMatchObject({
      always: ['error_type'],
      atMost: ['error_type'],
    });
    expect(know('sum(e)')).toMatchObject({ atMost: [] });
    expect(know('sum without (error_type) (e{error_type="d", a="b"})')).toMatchObject({
      always: ['a', 'instance', 'job'],
      atMost: null,
      never: ['error_type'],
    });
    expect(know('topk(3, e{a="b"})')).toMatchObject({
      always: ['a', 'instance', 'job'],
      atMost: null,
    });
    expect(know('sum by (instance) (rate(e[5m]))')).toMatchObject({
      always: ['instance'],
      atMost: ['instance'],
    });
    expect(know('count_values("v", e) by (a)')).toMatchObject({
      always: ['v'],
      atMost: ['a', 'v'],
    });
  });

  it('follows functions, scalars and vector matching', () => {
    expect(know('scalar(e)').type).toBe('scalar');
    expect(know('vector(1)')).toMatchObject({ atMost: [] });
    expect(know('histogram_quantile(0.9, sum by (le, a) (rate(h[5m])))')).toMatchObject({
      atMost: ['a'],
    });
    expect(know('label_replace(sum(e), "dst", "$1", "src", "(.*)")')).toMatchObject({
      atMost: ['dst'],
    });
    expect(know('e{a="b"} * 100')).toMatchObject({ always: ['a', 'instance', 'job'] });
    expect(know('x{a="1", b="2"} / on (a) y')).toMatchObject({ always: ['a'], atMost: ['a'] });
    expect(know('x{a="1", b="2"} / ignoring (b) y')).toMatchObject({
      always: ['a', 'instance', 'job'],
      never: ['b'],
    });
    expect(know('x{a="1"} / on (a) group_left (c) y')).toMatchObject({
      always: ['a', 'instance', 'job'],
      atMost: null,
    });
    expect(know('absent(up{job="x"})')).toMatchObject({ always: ['job'], atMost: ['job'] });
  });

  it('knows job and instance on scraped series only: not on recording rules, ALERTS, or a job="" selector', () => {
    expect(know('rate(e[5m])').always).toEqual(['instance', 'job']);
    expect(know('job:e:rate5m').always).toEqual([]);
    expect(know('ALERTS{alertstate="firing"}').always).toEqual(['alertstate']);
    expect(know('e{job=""}')).toMatchObject({ always: ['instance'], never: ['job'] });
  });

  it('uses real series label sets when given', () => {
    const series: Labels[] = [
      { __name__: 'total', instance_id: 'a', job: 'j' },
      { __name__: 'total', instance_id: 'b', job: 'j', extra: 'x' },
    ];
    const lookup: SeriesLookup = (selector) => (selector === 'total' ? series : undefined);
    const result = know('rate(total[5m])', lookup);
    expect(result).toMatchObject({
      always: ['instance_id', 'job'],
      atMost: ['extra', 'instance_id', 'job'],
      observed: true,
    });
    expect(cannotCarry(result.knowledge, 'error_type')).toBe(true);
    expect(cannotCarry(result.knowledge, 'extra')).toBe(false);
  });
});
