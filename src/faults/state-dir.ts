// Where rollback ledgers live. A temp folder is the right home: everything a ledger
// undoes (children, limits of live processes, toxics in a live Toxiproxy, cgroups,
// namespaces) is gone after a reboot too, exactly when a temp folder is cleared.
// Rollback trusts what ledgers say, so their folder must be ours alone: created 0700,
// owned by this user, not a link, writable by nobody else.

import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHAOS_STATE_DIR) return env.CHAOS_STATE_DIR;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `tickstorm-chaos-${uid}`);
}

export function ledgerDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'ledgers');
}

export class UntrustedStateDirError extends Error {
  constructor(dir: string, why: string) {
    super(
      `${dir} ${why}; rollback ledgers there cannot be trusted. Remove it, or point CHAOS_STATE_DIR at a folder only this user can write`,
    );
    this.name = 'UntrustedStateDirError';
  }
}

/** Throws unless `dir` is a real folder owned by this user and writable by nobody else. */
export function assertTrustedDir(dir: string): void {
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) throw new UntrustedStateDirError(dir, 'is a symbolic link');
  if (!stat.isDirectory()) throw new UntrustedStateDirError(dir, 'is not a folder');
  const euid = typeof process.geteuid === 'function' ? process.geteuid() : stat.uid;
  if (stat.uid !== euid) {
    throw new UntrustedStateDirError(dir, `is owned by uid ${stat.uid}, not ${euid}`);
  }
  if ((stat.mode & 0o022) !== 0) {
    throw new UntrustedStateDirError(dir, 'is writable by other users');
  }
}

/**
 * The folder holding the ledger folder may be shared only when sticky (like /tmp): then
 * nobody else can rename or replace what we keep in it.
 */
function assertSafeParent(dir: string): void {
  const stat = lstatSync(dir);
  const shared = (stat.mode & 0o022) !== 0;
  const sticky = (stat.mode & 0o1000) !== 0;
  if (shared && sticky && !stat.isSymbolicLink()) return;
  assertTrustedDir(dir);
}

/** Checks an existing ledger folder and the folder it sits in. */
export function assertTrustedLedgerDir(dir: string): void {
  assertSafeParent(join(dir, '..'));
  assertTrustedDir(dir);
}

/** Creates the ledger folder (and its parent) 0700 when missing, and checks both. */
export function ensureLedgerDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertTrustedLedgerDir(dir);
}
