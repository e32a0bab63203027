import { describe, expect, it } from 'vitest';
import { credentialsAccepted } from './credentials.js';
import { ErrorCode } from './messages.js';
import { errorTypeOf, messageTypeName, modeName } from './protocol-names.js';
import { MAX_SUBSCRIBED_SYMBOLS, checkSubscription } from './subscription.js';

const request = (mode: number, symbols: string[] = []) => ({
  mode,
  symbols,
  startTimeMs: 0,
  metadata: {},
});

describe('checkSubscription', () => {
  it('takes SECOND and MINUTE, with the default symbols when none are named', () => {
    expect(checkSubscription(request(1), ['AAA'])).toEqual({
      mode: 1,
      symbols: ['AAA'],
      key: '1|AAA',
    });
    expect(checkSubscription(request(2, ['X', 'Y', 'X']), ['AAA'])).toEqual({
      mode: 2,
      symbols: ['X', 'Y'],
      key: '2|X,Y',
    });
  });

  it('refuses another mode, a non-ticker and too many symbols, saying which', () => {
    expect(checkSubscription(request(0), [])).toEqual({
      problem: 'mode 0 is not SECOND (1) or MINUTE (2)',
    });
    expect(checkSubscription(request(3), [])).toHaveProperty('problem');
    expect(checkSubscription(request(1, ['OK', 'no spaces']), [])).toEqual({
      problem: 'symbol "no spaces" is not a ticker',
    });
    const many = Array.from({ length: MAX_SUBSCRIBED_SYMBOLS + 1 }, (_, i) => `S${i}`);
    expect(checkSubscription(request(1, many), [])).toHaveProperty('problem');
  });
});

describe('credentialsAccepted', () => {
  it('accepts anyone when no credentials are configured', () => {
    expect(
      credentialsAccepted({ username: '', password: '' }, { username: 'x', password: 'y' }),
    ).toBe(true);
  });

  it('as published (exact), accepts only empty credentials when none are configured', () => {
    const none = { username: '', password: '' };
    expect(credentialsAccepted(none, { username: 'x', password: 'y' }, true)).toBe(false);
    expect(credentialsAccepted(none, { username: 'x', password: '' }, true)).toBe(false);
    expect(credentialsAccepted(none, none, true)).toBe(true);
    const configured = { username: 'u', password: 'p' };
    expect(credentialsAccepted(configured, { username: 'u', password: 'p' }, true)).toBe(true);
  });

  it('needs both username and password to match otherwise', () => {
    const configured = { username: 'u', password: 'p' };
    expect(credentialsAccepted(configured, { username: 'u', password: 'p' })).toBe(true);
    expect(credentialsAccepted(configured, { username: 'u', password: 'x' })).toBe(false);
    expect(credentialsAccepted(configured, { username: 'x', password: 'p' })).toBe(false);
    expect(credentialsAccepted(configured, { username: '', password: '' })).toBe(false);
  });
});

describe('protocol names', () => {
  it('names message types, modes and error kinds', () => {
    expect(messageTypeName(4)).toBe('DATA_BATCH');
    expect(messageTypeName(42)).toBe('UNKNOWN');
    expect([modeName(1), modeName(2), modeName(0)]).toEqual(['SECOND', 'MINUTE', 'NONE']);
    expect(errorTypeOf(ErrorCode.RATE_LIMITED)).toBe('auth');
    expect(errorTypeOf(ErrorCode.ALREADY_SUBSCRIBED)).toBe('subscription');
    expect(errorTypeOf(ErrorCode.CHECKSUM_FAILED)).toBe('protocol');
    expect(errorTypeOf(ErrorCode.HEARTBEAT_TIMEOUT)).toBe('heartbeat');
  });
});
