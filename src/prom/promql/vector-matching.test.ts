import { describe, expect, it } from 'vitest';
import { vectorMatchingProblems } from './vector-matching.js';
import type { Labels } from '../api-types.js';

const PUBLISHED =
  'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m]) / rate(tick_storm_total_connections_total[5m]) * 100 > 0.5';

describe('vectorMatchingProblems', () => {
  it('flags the published rule statically as likely, with the ignoring() fix', () => {
    const [problem, ...rest] = vectorMatchingProblems(PUBLISHED);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      operator: '/',
      certainty: 'likely',
      differing: ['error_type'],
      offset: 78,
    });
    expect(problem!.suggestions).toEqual([
      'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m]) / ignoring(error_type) rate(tick_storm_total_connections_total[5m]) * 100 > 0.5',
      // Scraped series share job and instance: summing both sides by them pairs too.
      'sum by (instance, job) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / sum by (instance, job) (rate(tick_storm_total_connections_total[5m])) * 100 > 0.5',
    ]);
  });

  it('confirms it from real series and adds the sum by (shared labels) fix', () => {
    const series: Record<string, Labels[]> = {
      'tick_storm_connection_errors_total{error_type="connection_dropped"}': [
        { __name__: 'e', error_type: 'connection_dropped', instance_id: 'a', job: 't' },
      ],
      tick_storm_total_connections_total: [{ __name__: 't', instance_id: 'a', job: 't' }],
    };
    const [problem] = vectorMatchingProblems(PUBLISHED, (selector) => series[selector]);
    expect(problem).toMatchObject({ certainty: 'certain', differing: ['error_type'] });
    expect(problem!.explanation).toContain(
      'its series in Prometheus carry only {instance_id, job}',
    );
    expect(problem!.suggestions[1]).toBe(
      'sum by (instance_id, job) (rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m])) / sum by (instance_id, job) (rate(tick_storm_total_connections_total[5m])) * 100 > 0.5',
    );
  });

  it('is certain when aggregations leave a label on one side only', () => {
    const [problem] = vectorMatchingProblems('sum by (a, b) (x{b="1"}) / sum by (a) (y)');
    expect(problem).toMatchObject({ certainty: 'certain', differing: ['b'] });
    expect(problem!.suggestions).toEqual(['sum by (a, b) (x{b="1"}) / ignoring(b) sum by (a) (y)']);
  });

  it('extends an existing ignoring() or narrows an on()', () => {
    expect(
      vectorMatchingProblems('sum by (a, b, c) (x{b="1"}) / ignoring(c) sum by (a) (y)')[0]
        ?.suggestions[0],
    ).toBe('sum by (a, b, c) (x{b="1"}) / ignoring(c, b) sum by (a) (y)');
    expect(
      vectorMatchingProblems('sum by (a, b) (x{b="1"}) / on(a, b) sum by (a) (y)')[0]
        ?.suggestions[0],
    ).toBe('sum by (a, b) (x{b="1"}) / on(a) sum by (a) (y)');
  });

  it('flags one side aggregated against raw series as certain (scraped series carry job and instance), suggesting the same aggregation', () => {
    const [problem] = vectorMatchingProblems('sum by (instance_id) (rate(e[5m])) / rate(t[5m])');
    expect(problem).toMatchObject({ certainty: 'certain', differing: ['job', 'instance'] });
    expect(problem!.suggestions[0]).toBe(
      'sum by (instance_id) (rate(e[5m])) / sum by (instance_id) (rate(t[5m]))',
    );
    // A recording rule's series carry no target labels: still only likely.
    const [recorded] = vectorMatchingProblems('sum by (instance_id) (rate(e[5m])) / job:t:rate5m');
    expect(recorded).toMatchObject({ certainty: 'likely' });
  });

  it('proves aggregations to different labels can never pair, and warns on unknown ones', () => {
    const certain = [
      'sum by (instance) (rate(a[5m])) / sum by (job) (rate(b[5m]))',
      'sum(rate(a[5m])) / sum by (job) (rate(b[5m]))',
      'sum by (job) (sum by (instance) (rate(a[5m]))) / sum by (job) (rate(b[5m]))',
    ];
    for (const expr of certain)
      expect(
        vectorMatchingProblems(expr).map((p) => p.certainty),
        expr,
      ).toEqual(['certain']);
    expect(vectorMatchingProblems('count by (x) (a) / count by (y) (b)')).toMatchObject([
      { certainty: 'likely', differing: ['x', 'y'] },
    ]);
    // `and` pairs like arithmetic: a proof that nothing pairs means it returns nothing.
    expect(
      vectorMatchingProblems('sum by (job) (rate(a[5m])) and sum by (instance) (rate(b[5m]))'),
    ).toMatchObject([{ certainty: 'certain', operator: 'and' }]);
    // on() a label set a side can hold several series of: Prometheus may refuse to evaluate.
    expect(
      vectorMatchingProblems('rate(a[5m]) / on(job) sum by (job) (rate(b[5m]))'),
    ).toMatchObject([
      {
        certainty: 'likely',
        explanation: expect.stringMatching(
          /the left side can hold several series with the same job/,
        ),
      },
    ]);
    expect(
      vectorMatchingProblems('sum by (job) (rate(a[5m])) / on(job) sum by (job) (rate(b[5m]))'),
    ).toEqual([]);
    // on() over labels neither side can carry: both signatures are empty, and they pair.
    expect(vectorMatchingProblems('sum(rate(a[5m])) / on(x) sum(rate(b[5m]))')).toEqual([]);
  });

  it('finds nothing in correct expressions', () => {
    for (const expr of [
      'sum by (instance_id) (rate(e{error_type="d"}[5m])) / sum by (instance_id) (rate(t[5m])) * 100 > 0.5',
      'rate(e{error_type="d"}[5m]) / ignoring(error_type) rate(t[5m])',
      'rate(e{error_type="d"}[5m]) / on(instance_id) group_left rate(t[5m])',
      'x{a="1"} / x',
      'x{a="1"} / 2',
      'x{a="1"} and y',
      'sum(x) / sum(y)',
      'x > bool 1',
    ]) {
      expect(vectorMatchingProblems(expr), expr).toEqual([]);
    }
  });
});
