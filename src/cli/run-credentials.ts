// `chaos run`'s AUTH credentials: --user, --password or --password-file, else the
// environment (STREAM_USER/STREAM_PASS, AUTH_USERNAME/AUTH_PASSWORD). Undefined leaves
// the scenario's own. The password goes on to the target by environment only.

import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
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
  const refuse = (found: string) =>
    new UsageError(`--password-file ${file}: expected a file holding the password, ${found}`);
  let fd: number;
  try {
    // Non-blocking, so a FIFO with no writer is refused below instead of waiting forever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw refuse(`got ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw refuse(`got ${kindOf(stat)}; it must be a regular file`);
    if (stat.size > MAX_PASSWORD_BYTES)
      throw refuse(`got ${stat.size} bytes; it must be under 64 KiB`);
    // One trailing newline is how editors and `echo` end a file, not part of the password.
    const text = readFileSync(fd, 'utf8').replace(/\r?\n$/, '');
    if (text === '') throw refuse('got an empty file; write the password in it');
    return text;
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'something else';
}
