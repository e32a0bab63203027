import { describe, expect, it } from 'vitest';
import { scaleExpression } from './scale.js';
import { PromQLSyntaxError } from './parse.js';

describe('scaleExpression', () => {
  it('scales range selectors', () => {
    expect(scaleExpression('rate(x[5m])', 0.1)).toBe('rate(x[30s])');
  });

  it('scales both parts of a subquery, and leaves a missing resolution missing', () => {
    expect(scaleExpression('max_over_time(rate(x[5m])[1h:30s])', 0.1)).toBe(
      'max_over_time(rate(x[30s])[6m:3s])',
    );
    expect(scaleExpression('max_over_time(x[10m:])', 0.1)).toBe('max_over_time(x[1m:])');
  });

  it('scales offsets, negative ones too', () => {
    expect(scaleExpression('x offset 1h', 0.1)).toBe('x offset 6m');
    expect(scaleExpression('rate(x[5m] offset -10m)', 0.1)).toBe('rate(x[30s] offset -1m)');
  });

  it('leaves @ timestamps, numbers and strings alone', () => {
    expect(scaleExpression('rate(x[5m] @ 1609746000)', 0.1)).toBe('rate(x[30s] @ 1609746000)');
    expect(scaleExpression('x[5m:] @ end()', 0.1)).toBe('x[30s:] @ end()');
    expect(scaleExpression('label_replace(x, "w", "[5m]", "a", "offset 5m")', 0.1)).toBe(
      'label_replace(x, "w", "[5m]", "a", "offset 5m")',
    );
    expect(scaleExpression('x{window="[5m]"} > 300', 0.1)).toBe('x{window="[5m]"} > 300');
  });

  it('keeps everything else byte for byte, comments and layout included', () => {
    const expr =
      'sum by (instance_id) (\n  rate(errors{error_type="connection_dropped"}[5m]) # numerator\n)\n/ on (instance_id)\nsum by (instance_id) (rate(total[ 5m ]))   *100 >0.5';
    const scaled = scaleExpression(expr, 0.1);
    expect(scaled).toBe(expr.replace('[5m]', '[30s]').replace('[ 5m ]', '[ 30s ]'));
  });

  it('scales nested functions and every window of the published rule', () => {
    const published =
      'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[5m]) / rate(tick_storm_total_connections_total[5m]) * 100 > 0.5';
    expect(scaleExpression(published, 0.1)).toBe(
      'rate(tick_storm_connection_errors_total{error_type="connection_dropped"}[30s]) / rate(tick_storm_total_connections_total[30s]) * 100 > 0.5',
    );
    expect(
      scaleExpression('histogram_quantile(0.9, sum by (le) (rate(h_bucket[1h30m])))', 0.5),
    ).toBe('histogram_quantile(0.9, sum by (le) (rate(h_bucket[45m])))');
  });

  it('is the identity at factor 1 except for canonical durations', () => {
    expect(scaleExpression('rate(x[5m]) offset 1h', 1)).toBe('rate(x[5m]) offset 1h');
  });

  it('refuses unparsable expressions and bad factors', () => {
    expect(() => scaleExpression('rate(x[5m]) by (a)', 0.1)).toThrow(PromQLSyntaxError);
    expect(() => scaleExpression('rate(x[5m])', 0)).toThrow(RangeError);
  });
});
