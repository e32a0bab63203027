import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../tickstorm/messages.js';
import {
  classifyDeadline,
  classifyPeerClose,
  classifyServerError,
  classifySocketError,
  deadlineDetail,
  DROP_REASONS,
  PREINITIALISED_REASONS,
} from './outcome.js';

describe('classifySocketError', () => {
  it('calls a refused or unreachable connect refused', () => {
    expect(classifySocketError('connecting', 'ECONNREFUSED')).toBe('refused');
    expect(classifySocketError('connecting', 'EHOSTUNREACH')).toBe('refused');
  });

  it('calls a kernel connect timeout a connect_timeout', () => {
    expect(classifySocketError('connecting', 'ETIMEDOUT')).toBe('connect_timeout');
  });

  it('calls a reset before any answer to AUTH a close without reply (refused at the door)', () => {
    expect(classifySocketError('authenticating', 'ECONNRESET')).toBe('closed_without_reply');
    expect(classifySocketError('authenticating', 'EPIPE')).toBe('closed_without_reply');
  });

  it('calls a reset or broken pipe on a session past AUTH a reset', () => {
    for (const phase of ['subscribing', 'streaming'] as const) {
      expect(classifySocketError(phase, 'ECONNRESET')).toBe('reset');
      expect(classifySocketError(phase, 'EPIPE')).toBe('reset');
      expect(classifySocketError(phase, 'ETIMEDOUT')).toBe('reset');
    }
  });

  it('keeps the generator’s own resource failures apart from drops by the target', () => {
    expect(classifySocketError('connecting', 'EMFILE')).toBe('local_error:EMFILE');
    expect(classifySocketError('connecting', 'EADDRNOTAVAIL')).toBe('local_error:EADDRNOTAVAIL');
  });
});

describe('classifyPeerClose', () => {
  it('is closed_without_reply before any answer to AUTH and closed_by_peer after it', () => {
    expect(classifyPeerClose('authenticating')).toBe('closed_without_reply');
    expect(classifyPeerClose('subscribing')).toBe('closed_by_peer');
    expect(classifyPeerClose('streaming')).toBe('closed_by_peer');
  });
});

describe('classifyServerError', () => {
  it('names the ErrorCode', () => {
    expect(classifyServerError(ErrorCode.HEARTBEAT_TIMEOUT)).toBe('server_error:HEARTBEAT_TIMEOUT');
    expect(classifyServerError(ErrorCode.INVALID_AUTH)).toBe('server_error:INVALID_AUTH');
    expect(classifyServerError(99)).toBe('server_error:UNKNOWN_99');
  });
});

describe('classifyDeadline', () => {
  it('names what the client was waiting for', () => {
    expect(classifyDeadline('connecting', 'connect')).toBe('connect_timeout');
    expect(classifyDeadline('subscribing', 'ack')).toBe('data_stall');
    expect(classifyDeadline('streaming', 'pong')).toBe('pong_timeout');
    expect(classifyDeadline('streaming', 'data')).toBe('data_stall');
  });

  it('calls silence after AUTH on an open connection auth_unanswered, never auth_failed', () => {
    // auth_failed is for an explicit refusal (an ACK with success false), which no deadline is.
    expect(classifyDeadline('authenticating', 'ack')).toBe('auth_unanswered');
    expect(DROP_REASONS).toContain('auth_unanswered');
    expect(PREINITIALISED_REASONS).toContain('auth_unanswered');
  });
});

describe('deadlineDetail', () => {
  it('says what did not arrive in how long, and that the connection stayed open', () => {
    expect(deadlineDetail('authenticating', 10_000)).toBe(
      'no reply to AUTH within 10.0 s; the connection stayed open',
    );
    expect(deadlineDetail('connecting', 3_000)).toBe('no connect within 3.0 s');
    expect(deadlineDetail('subscribing', 700)).toBe('no ACK to SUBSCRIBE within 0.7 s');
  });
});
