// `chaos run`'s AUTH credentials: --user, --password or --password-file, else the
// environment (STREAM_USER/STREAM_PASS, AUTH_USERNAME/AUTH_PASSWORD). Undefined leaves
// the scenario's own. The password goes on to the target by environment only.

import { InputFileError, readInputFile } from '../input-file.js';
import { type Credentials, credentialsFromEnv } from '../load/profile/credentials-env.js';
import { UsageError } from './usage-error.js';

export interface CredentialFlags {
  user?: string;
  password?: string;
  passwordFile?: string;
}

export function runCredentials(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv = process.env,
): Credentials | undefined {
  if (flags.password !== undefined && flags.passwordFile !== undefined) {
    throw new UsageError('--password and --password-file: give one of them, not both');
  }
  const fromFile = flags.passwordFile === undefined ? undefined : readPassword(flags.passwordFile);
  const fromEnv = credentialsFromEnv(env);
  const username = flags.user ?? fromEnv?.username;
  const password = flags.password ?? fromFile ?? fromEnv?.password;
  // The target gets it in its environment, where one this long fails to start (E2BIG).
  if (password !== undefined && Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    // A file was measured as it was read; only the flag and the environment are left.
    const from = flags.password !== undefined ? '--password' : 'STREAM_PASS/AUTH_PASSWORD';
    throw new UsageError(
      `${from}: expected a password under 64 KiB, got ${Buffer.byteLength(password)} bytes`,
    );
  }
  if (username === undefined && password === undefined) return undefined;
  return { username: username ?? '', password: password ?? '' };
}

/** Past this it is not a password, and it would not fit in the target's environment. */
export const MAX_PASSWORD_BYTES = 64 * 1024;

function readPassword(file: string): string {
  let text: string;
  try {
    text = readInputFile(file, MAX_PASSWORD_BYTES);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new UsageError(
      `--password-file ${file}: expected a regular file under 64 KiB holding the password, got ${error.reason}`,
    );
  }
  // One trailing newline is how editors and `echo` end a file, not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (password === '')
    throw new UsageError(
      `--password-file ${file}: expected the password in it, got an empty file; write the password in it`,
    );
  return password;
}
