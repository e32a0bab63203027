import { describe, expect, it } from 'vitest';
import { vectorSelectors } from './selectors.js';

describe('vectorSelectors', () => {
  it('lists each selector once, including those inside range selectors', () => {
    expect(
      vectorSelectors(
        'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m]) / rate(tick_storm_total_connections_total[5m]) * 100 > 0.5 and on() up',
      ),
    ).toEqual([
      'tick_storm_connection_errors_total{error_type="connection_dropped"}',
      'tick_storm_total_connections_total',
      'up',
    ]);
  });

  it('dedupes repeated selectors and ignores literals', () => {
    expect(vectorSelectors('a + a * 2')).toEqual(['a']);
    expect(vectorSelectors('vector(1)')).toEqual([]);
  });
});
