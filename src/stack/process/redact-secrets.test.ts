import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces the password in either spelling, and keeps everything else', () => {
    expect(redactSecrets(['chaos', 'run', 'x', '--password', 's3cret', '--seed', '7'])).toEqual([
      'chaos',
      'run',
      'x',
      '--password',
      '***',
      '--seed',
      '7',
    ]);
    expect(redactSecrets(['chaos', '--password=s3cret'])).toEqual(['chaos', '--password', '***']);
    expect(redactSecrets(['chaos', '--password'])).toEqual(['chaos', '--password', '***']);
  });

  it('leaves --password-file (a path, not a secret) and what follows `--` alone', () => {
    expect(redactSecrets(['--password-file', '/run/pass', '--', '--password', 'x'])).toEqual([
      '--password-file',
      '/run/pass',
      '--',
      '--password',
      'x',
    ]);
  });
});
