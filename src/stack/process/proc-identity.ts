// A process is identified by its pid, its start time and its command line: pids are
// reused, and the rollback of a crashed run must never signal a stranger that inherited
// a pid, nor one a tampered ledger names by its real pid and start time.

import { readFileSync } from 'node:fs';
import { redactSecrets } from './redact-secrets.js';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  startTime: number;
  /** Its command line when recorded (/proc/<pid>/cmdline, arguments joined by spaces, secrets replaced). */
  command?: string;
}

/** The start time of `pid`, or null when no such process exists (or it is a zombie being reaped). */
export function processStartTime(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or
  // parentheses, so count fields from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return null;
  const startTime = Number(fields[19]);
  return Number.isFinite(startTime) ? startTime : null;
}

/**
 * The command line of `pid`, arguments joined by spaces with any password replaced (it is
 * recorded in ledgers), or null when it cannot be read.
 */
export function processCommand(pid: number): string | null {
  const args = processArgs(pid);
  return args === null ? null : commandLine(args);
}

/** Arguments as a recorded command line: joined by spaces, secrets replaced. */
export function commandLine(args: readonly string[]): string {
  return redactSecrets(args).join(' ');
}

function processArgs(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0');
  } catch {
    return null;
  }
}

export function identify(pid: number): ProcessIdentity | null {
  const startTime = processStartTime(pid);
  if (startTime === null) return null;
  const command = processCommand(pid);
  return command === null ? { pid, startTime } : { pid, startTime, command };
}

/**
 * True while the very process we recorded is still alive: same start time, and the same
 * command line when one was recorded.
 */
export function isSameProcessAlive(identity: ProcessIdentity): boolean {
  if (processStartTime(identity.pid) !== identity.startTime) return false;
  if (identity.command === undefined) return true;
  // A ledger written before passwords were replaced recorded the command line as it was.
  const args = processArgs(identity.pid);
  return args !== null && [commandLine(args), args.join(' ')].includes(identity.command);
}

/** The fields a ledger entry keeps to find the process again. */
export function identityParams(identity: ProcessIdentity): Record<string, string | number> {
  return {
    pid: identity.pid,
    startTime: identity.startTime,
    ...(identity.command !== undefined ? { command: identity.command } : {}),
  };
}

/** The identity a ledger entry recorded (its `command` only when it is a string). */
export function identityFromParams(params: Record<string, unknown>): ProcessIdentity {
  return {
    pid: Number(params.pid),
    startTime: Number(params.startTime),
    ...(typeof params.command === 'string' ? { command: params.command } : {}),
  };
}
