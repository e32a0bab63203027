import { describe, expect, it } from 'vitest';
import { decodeAlertsData, decodeQueryResult, decodeRulesData } from './api-decode.js';
import { formatLabels, parseSampleValue } from './api-types.js';
import { stateOfRule } from './alert-state.js';

describe('parseSampleValue', () => {
  it('reads Prometheus sample strings, NaN and infinities included', () => {
    expect(parseSampleValue('0.5')).toBe(0.5);
    expect(parseSampleValue('1e+00')).toBe(1);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(() => parseSampleValue('')).toThrow(/expected a Prometheus sample value/);
    expect(() => parseSampleValue('abc')).toThrow(/got "abc"/);
  });
});

describe('decodeQueryResult', () => {
  it('decodes each result type', () => {
    expect(
      decodeQueryResult({
        resultType: 'vector',
        result: [{ metric: { a: 'b' }, value: [10.5, 'NaN'] }],
      }),
    ).toEqual({ resultType: 'vector', samples: [{ labels: { a: 'b' }, time: 10.5, value: NaN }] });
    expect(
      decodeQueryResult({
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [1, '1'],
              [2, '+Inf'],
            ],
          },
        ],
      }),
    ).toEqual({
      resultType: 'matrix',
      series: [
        {
          labels: {},
          points: [
            { time: 1, value: 1 },
            { time: 2, value: Infinity },
          ],
        },
      ],
    });
    expect(decodeQueryResult({ resultType: 'scalar', result: [3, '-Inf'] })).toEqual({
      resultType: 'scalar',
      time: 3,
      value: -Infinity,
    });
  });

  it('throws on payloads of another shape', () => {
    expect(() => decodeQueryResult({ resultType: 'vector', result: [{ value: 1 }] })).toThrow();
  });
});

describe('rules and alerts', () => {
  const rulesPayload = {
    groups: [
      {
        name: 'g',
        file: '/r.yml',
        interval: 3,
        rules: [
          {
            type: 'alerting',
            name: 'Drop',
            query: 'x > 1',
            duration: 30,
            labels: {},
            annotations: {},
            state: 'firing',
            health: 'ok',
            lastError: '',
            lastEvaluation: '2025-01-01T00:00:10Z',
            alerts: [
              {
                labels: { i: 'b' },
                annotations: {},
                state: 'pending',
                activeAt: '2025-01-01T00:00:05Z',
                value: '2e+00',
              },
              {
                labels: { i: 'a' },
                annotations: {},
                state: 'firing',
                activeAt: '2025-01-01T00:00:01Z',
                value: '3e+00',
              },
            ],
          },
          { type: 'recording', name: 'r', query: 'x', health: 'err', lastError: 'boom' },
        ],
      },
    ],
  };

  it('decodes rule groups and summarizes an alert as its most advanced instance', () => {
    const [group] = decodeRulesData(rulesPayload);
    const rule = group!.rules[0]!;
    expect(rule.type).toBe('alerting');
    if (rule.type !== 'alerting') return;
    const state = stateOfRule('Drop', rule, group!.name, group!.file);
    expect(state).toMatchObject({
      loaded: true,
      group: 'g',
      health: 'ok',
      lastError: undefined,
      state: 'firing',
      value: 3,
      labels: { i: 'a' },
    });
    expect(state.activeAt?.toISOString()).toBe('2025-01-01T00:00:01.000Z');
    expect(group!.rules[1]).toMatchObject({ type: 'recording', lastError: 'boom' });
  });

  it('decodes active alerts', () => {
    const [alert] = decodeAlertsData({
      alerts: [
        {
          labels: { alertname: 'A' },
          annotations: {},
          state: 'firing',
          activeAt: '2025-01-01T00:00:01Z',
          value: '1e+00',
        },
      ],
    });
    expect(alert).toMatchObject({ state: 'firing', value: 1, labels: { alertname: 'A' } });
  });

  it('formats labels as PromQL writes them', () => {
    expect(formatLabels({ a: 'x"y', b: '' })).toBe('{a="x\\"y", b=""}');
  });
});
