import { describe, expect, it } from 'vitest';
import { credentialsFromEnv } from './credentials-env.js';

describe('credentialsFromEnv', () => {
  it('reads the published server’s names first, then its README’s', () => {
    expect(credentialsFromEnv({ STREAM_USER: 'a', STREAM_PASS: 'b', AUTH_USERNAME: 'x' })).toEqual({
      username: 'a',
      password: 'b',
    });
    expect(credentialsFromEnv({ AUTH_USERNAME: 'x', AUTH_PASSWORD: 'y' })).toEqual({
      username: 'x',
      password: 'y',
    });
    expect(credentialsFromEnv({ STREAM_PASS: 'only' })).toEqual({ username: '', password: 'only' });
    expect(credentialsFromEnv({ STREAM_USER: '' })).toBeNull();
  });
});
