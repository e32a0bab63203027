import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCredentials } from './run-credentials.js';

describe('runCredentials', () => {
  it('takes flags over the environment, and leaves the scenario’s when nothing is given', () => {
    const env = { STREAM_USER: 'env-user', STREAM_PASS: 'env-pass' };
    expect(runCredentials({ user: 'u' }, env)).toEqual({ username: 'u', password: 'env-pass' });
    expect(runCredentials({}, env)).toEqual({ username: 'env-user', password: 'env-pass' });
    expect(runCredentials({}, {})).toBeUndefined();
  });

  it('reads --password-file without its trailing newline, and names the flag when it cannot', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chaos-cred-')), 'pass');
    writeFileSync(file, 's3cret\n');
    expect(runCredentials({ user: 'u', passwordFile: file }, {})).toEqual({
      username: 'u',
      password: 's3cret',
    });
    expect(() => runCredentials({ passwordFile: '/nonexistent/pass' }, {})).toThrow(
      /--password-file \/nonexistent\/pass: expected a readable file holding the password, got ENOENT/,
    );
    expect(() => runCredentials({ password: 'a', passwordFile: file }, {})).toThrow(
      /give one of them, not both/,
    );
  });
});
