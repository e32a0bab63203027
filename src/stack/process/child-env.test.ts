import { describe, expect, it } from 'vitest';
import { withoutSecrets } from './child-env.js';

describe('withoutSecrets', () => {
  it('drops the password variables and keeps the rest, the user name included', () => {
    expect(
      withoutSecrets({ PATH: '/bin', STREAM_USER: 'u', STREAM_PASS: 'p', AUTH_PASSWORD: 'q' }),
    ).toEqual({ PATH: '/bin', STREAM_USER: 'u' });
  });
});
