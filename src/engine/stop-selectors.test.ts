import { describe, expect, it } from 'vitest';
import { conditionSelectors, isAlertSeries } from './stop-selectors.js';

describe('stop condition selectors', () => {
  it('names the alert of an ALERTS selector, unquoted', () => {
    const [alerts] = conditionSelectors('ALERTS{alertname="HighErrors",alertstate="firing"}');
    expect(alerts).toEqual({
      text: 'ALERTS{alertname="HighErrors",alertstate="firing"}',
      metric: 'ALERTS',
      alertname: 'HighErrors',
    });
    expect(isAlertSeries(alerts!)).toBe(true);
  });

  it('reads every selector of an expression, with its metric name', () => {
    expect(
      conditionSelectors(
        'sum(rate(errors_total{code="5xx"}[1m])) / sum(rate(requests_total[1m])) > 0.1',
      ),
    ).toEqual([
      { text: 'errors_total{code="5xx"}', metric: 'errors_total' },
      { text: 'requests_total', metric: 'requests_total' },
    ]);
  });

  it('leaves an ALERTS regex without a name to check, and a nameless selector without a metric', () => {
    const [regex] = conditionSelectors('ALERTS{alertname=~"High.*"}');
    expect(regex!.alertname).toBeUndefined();
    expect(isAlertSeries(regex!)).toBe(true);
    expect(conditionSelectors('{job="x"} > 1')).toEqual([{ text: '{job="x"}' }]);
  });

  it('marks a selector under absent() as wanting no series, unless it is also read for its presence', () => {
    expect(conditionSelectors('absent(up{job="api"}) or absent_over_time(beat[1m])')).toEqual([
      { text: 'up{job="api"}', metric: 'up', absenceWanted: true },
      { text: 'beat', metric: 'beat', absenceWanted: true },
    ]);
    expect(conditionSelectors('absent(x) or x > 1')).toEqual([{ text: 'x', metric: 'x' }]);
  });
});
