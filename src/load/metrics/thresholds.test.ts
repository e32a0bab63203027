import { describe, expect, it } from 'vitest';
import { recordLatency } from './latency-digest.js';
import { emptyTallies } from './progress.js';
import {
  formatThresholdResult,
  judgeThresholds,
  parseThreshold,
  parseThresholds,
  withDefaults,
} from './thresholds.js';

function tallies(fields: Partial<ReturnType<typeof emptyTallies>>) {
  return { ...emptyTallies(), ...fields };
}

describe('thresholds', () => {
  it('parses k6 expressions with units', () => {
    expect(parseThreshold('session_drop_rate', 'rate<1%')).toMatchObject({
      aggregate: 'rate',
      operator: '<',
      value: 0.01,
    });
    expect(parseThreshold('handshake_seconds', 'p(99.9) <= 250ms')).toMatchObject({
      aggregate: 'p',
      percentile: 99.9,
      operator: '<=',
      value: 0.25,
    });
    expect(parseThreshold('handshake_seconds', 'avg<1s')).toMatchObject({ value: 1 });
  });

  it('says what is wrong with a bad one, naming metric and index', () => {
    const problems: string[] = [];
    parseThresholds(
      {
        session_drop_rate: ['p(95)<1'],
        handshake_seconds: ['rate<0.1', 'p(0)<1', 'p(95)<5%'],
        drops: ['rate<1'],
        session_streamed_rate: 'rate>',
      },
      problems,
    );
    expect(problems).toEqual([
      'thresholds.session_drop_rate[0]: "p(95)<1": session_drop_rate takes rate<0.01 or rate<1%',
      expect.stringMatching(
        /^thresholds.handshake_seconds\[0\]: "rate<0.1": handshake_seconds takes/,
      ),
      'thresholds.handshake_seconds[1]: "p(0)<1": a percentile is above 0 and at most 100',
      'thresholds.handshake_seconds[2]: "p(95)<5%": handshake_seconds is in seconds, not a percentage',
      expect.stringMatching(/^thresholds.drops\[0\]: unknown metric "drops"; expected one of/),
      expect.stringMatching(/^thresholds.session_streamed_rate\[0\]: "rate>": expected rate<0.01/),
    ]);
  });

  it('takes __proto__ and constructor from a file as unknown names, not as the prototype', () => {
    const problems: string[] = [];
    parseThresholds(
      JSON.parse('{"__proto__": ["rate<0.1"], "constructor": ["rate<0.1"]}'),
      problems,
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^thresholds.__proto__\[0\]: unknown metric "__proto__"; expected one of/,
      ),
      expect.stringMatching(/^thresholds.constructor\[0\]: unknown metric "constructor"/),
    ]);
  });

  it('refuses a bound that no run can cross', () => {
    expect(parseThreshold('session_drop_rate', 'rate<150%')).toEqual({
      problem: expect.stringMatching(/^"rate<150%" holds for every run/),
    });
    expect(parseThreshold('handshake_seconds', 'p(95)<1e999')).toEqual({
      problem: '"p(95)<1e999": expected a finite number, got Infinity',
    });
  });

  it('judges drop rate over sessions that ended, interrupted ones included', () => {
    const [result] = judgeThresholds(
      [parseThreshold('session_drop_rate', 'rate<0.25') as never],
      tallies({ started: 10, completed: 5, interrupted: 2, dropped: { reset: 3 } }),
    );
    expect(result).toMatchObject({ actual: 0.3, held: false });
  });

  it('crosses a threshold that has nothing to judge', () => {
    const results = judgeThresholds(withDefaults([]), tallies({}));
    expect(results.map((r) => [r.threshold.metric, r.actual, r.held])).toEqual([
      ['session_drop_rate', null, false],
      ['session_streamed_rate', null, false],
    ]);
    expect(formatThresholdResult(results[0]!)).toBe('✗ session_drop_rate rate<0.5: no data');
  });

  it('fails by default when every session was dropped, or most never reached their data', () => {
    const allDropped = tallies({ started: 160, streamed: 160, dropped: { protocol_error: 160 } });
    expect(judgeThresholds(withDefaults([]), allDropped).map((r) => r.held)).toEqual([false, true]);
    const refused = tallies({
      started: 100,
      streamed: 10,
      completed: 10,
      dropped: { auth_failed: 90 },
    });
    expect(judgeThresholds(withDefaults([]), refused).every((r) => !r.held)).toBe(true);
  });

  it('a profile’s own threshold on a metric replaces that default only', () => {
    const own = parseThresholds({ session_drop_rate: ['rate<0.01'] }, []);
    expect(withDefaults(own).map((t) => `${t.metric} ${t.expression}`)).toEqual([
      'session_drop_rate rate<0.01',
      'session_streamed_rate rate>0.5',
    ]);
  });

  it('judges handshake percentiles from the digest', () => {
    const t = tallies({});
    for (let i = 1; i <= 100; i++) recordLatency(t.handshakeSeconds, i / 1000);
    const [p95, max] = judgeThresholds(
      parseThresholds({ handshake_seconds: ['p(95)<90ms', 'max<=100ms'] }, []),
      t,
    );
    expect(p95!.held).toBe(false);
    expect(p95!.actual).toBeCloseTo(0.095, 2);
    expect(max).toMatchObject({ actual: 0.1, held: true });
  });
});
