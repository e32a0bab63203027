import { describe, expect, it } from 'vitest';
import { numeratorSelectors, vectorSelectors } from './selectors.js';

const DROP_RATE =
  'sum(rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[30s])) / sum(rate(tick_storm_total_connections_total[30s])) * 100';

describe('selectors', () => {
  it('lists every selector once, in source order', () => {
    expect(vectorSelectors(DROP_RATE)).toEqual([
      'tick_storm_connection_errors_total{error_type="connection_dropped"}',
      'tick_storm_total_connections_total',
    ]);
  });

  it("finds a ratio's numerator, however it is wrapped", () => {
    expect(numeratorSelectors(DROP_RATE)).toEqual([
      'tick_storm_connection_errors_total{error_type="connection_dropped"}',
    ]);
    expect(numeratorSelectors(`100 * (${DROP_RATE.replace(' * 100', '')})`)).toEqual([
      'tick_storm_connection_errors_total{error_type="connection_dropped"}',
    ]);
    expect(numeratorSelectors('sum(rate(a_total[5m]))')).toEqual([]);
  });
});
