import { describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../load/profile/profile.js';
import { UsageError } from '../usage-error.js';
import {
  nameFlagInProblem,
  parseLifetimeFlag,
  parseReconnectFlag,
  parseStagesFlag,
  parseThresholdFlags,
  profileFromFlags,
} from './load-flags.js';

describe('profileFromFlags', () => {
  it('turns inline flags into a profile normalizeProfile accepts', () => {
    const raw = profileFromFlags({
      vus: '50',
      duration: '1m',
      lifetime: '10s..20s',
      user: 'alice',
      password: 'secret',
      seed: '7',
      symbols: 'AAPL, MSFT',
      'heartbeat-interval': '2s',
      'pong-timeout': '1s',
    });
    expect(raw).toEqual({
      vus: 50,
      duration: '1m',
      seed: 7,
      lifetime: { kind: 'uniform', min: '10s', max: '20s' },
      symbols: ['AAPL', 'MSFT'],
      credentials: { username: 'alice', password: 'secret' },
      heartbeatInterval: '2s',
      pongTimeout: '1s',
    });
    const profile = normalizeProfile(raw, 'flags');
    expect(profile.seed).toBe(7);
    expect(profile.scenarios[0]).toMatchObject({ executor: 'constant-vus', startVUs: 50 });
  });

  it('keeps text that is not a number so validation can say what it got', () => {
    expect(profileFromFlags({ vus: 'many' })).toEqual({ vus: 'many' });
  });

  it('reads an arrival rate with its VU pool', () => {
    expect(
      profileFromFlags({
        rate: '20',
        'time-unit': '1s',
        'max-vus': '100',
        'pre-allocated-vus': '10',
      }),
    ).toEqual({
      rate: 20,
      timeUnit: '1s',
      maxVUs: 100,
      preAllocatedVUs: 10,
    });
  });
});

describe('flag spellings', () => {
  it('reads lifetimes', () => {
    expect(parseLifetimeFlag('30s')).toBe('30s');
    expect(parseLifetimeFlag('1s..2m')).toEqual({ kind: 'uniform', min: '1s', max: '2m' });
    expect(parseLifetimeFlag('exp:30s')).toEqual({ kind: 'exponential', mean: '30s' });
    expect(parseLifetimeFlag('exp:30s..5m')).toEqual({
      kind: 'exponential',
      mean: '30s',
      max: '5m',
    });
  });

  it('reads stages and refuses a pair without a colon', () => {
    expect(parseStagesFlag('10s:100, 1m:0')).toEqual([
      { duration: '10s', target: 100 },
      { duration: '1m', target: 0 },
    ]);
    expect(() => parseStagesFlag('10s-100')).toThrow(UsageError);
  });

  it('reads reconnect', () => {
    expect(parseReconnectFlag('off')).toBe(false);
    expect(parseReconnectFlag('on')).toEqual({});
    expect(parseReconnectFlag('100ms..5s')).toEqual({ initialDelay: '100ms', maxDelay: '5s' });
    expect(() => parseReconnectFlag('sometimes')).toThrow(/--reconnect: expected off, on/);
  });

  it('names the flag in a validation problem', () => {
    expect(nameFlagInProblem('pongTimeout: expected a timeout shorter')).toBe(
      '--pong-timeout: expected a timeout shorter',
    );
    expect(nameFlagInProblem('stages[1].duration: expected a duration')).toBe(
      '--stages[1].duration: expected a duration',
    );
    expect(nameFlagInProblem('"rate" and "stages" conflict')).toBe('"rate" and "stages" conflict');
  });
});

describe('parseThresholdFlags', () => {
  it('keeps __proto__ and constructor as plain names, for validation to call unknown', () => {
    const thresholds = parseThresholdFlags(['__proto__:rate<0.1', 'constructor:rate<0.2']);
    expect(Object.keys(thresholds)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(thresholds)).toBe(Object.prototype);
    expect(() => normalizeProfile({ vus: 1, duration: '1s', thresholds }, 'flags')).toThrow(
      /unknown metric "__proto__"; expected one of session_drop_rate/,
    );
  });
});
