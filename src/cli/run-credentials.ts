// `chaos run`'s AUTH credentials: --user, --password or --password-file, else the
// environment (STREAM_USER/STREAM_PASS, AUTH_USERNAME/AUTH_PASSWORD). Undefined leaves
// the scenario's own. The password goes on to the target by environment only.

import { readFileSync } from 'node:fs';
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
  if (username === undefined && password === undefined) return undefined;
  return { username: username ?? '', password: password ?? '' };
}

function readPassword(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--password-file ${file}: expected a readable file holding the password, got ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // One trailing newline is how editors and `echo` end a file, not part of the password.
  return text.replace(/\r?\n$/, '');
}
