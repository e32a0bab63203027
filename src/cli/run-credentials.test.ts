import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PASSWORD_BYTES, runCredentials } from './run-credentials.js';

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
      /--password-file \/nonexistent\/pass: expected a regular file under 64 KiB holding the password, got ENOENT/,
    );
    expect(() => runCredentials({ password: 'a', passwordFile: file }, {})).toThrow(
      /give one of them, not both/,
    );
  });

  it('refuses a FIFO without blocking, a folder, a device, an empty file and a huge one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-cred-'));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    const huge = join(dir, 'huge');
    writeFileSync(huge, 'x'.repeat(MAX_PASSWORD_BYTES + 1));
    const refusal = (file: string) => () => runCredentials({ passwordFile: file }, {});
    expect(refusal(fifo)).toThrow(/got a FIFO, not a regular file$/);
    expect(refusal(dir)).toThrow(/got a folder, not a regular file$/);
    expect(refusal('/dev/zero')).toThrow(/got a device, not a regular file$/);
    expect(refusal(empty)).toThrow(/got an empty file; write the password in it$/);
    expect(refusal(huge)).toThrow(/got 65537 bytes, over 64 KiB$/);
    expect(() => runCredentials({}, { STREAM_PASS: 'x'.repeat(MAX_PASSWORD_BYTES + 1) })).toThrow(
      'STREAM_PASS/AUTH_PASSWORD: expected a password under 64 KiB, got 65537 bytes',
    );
  });
});
