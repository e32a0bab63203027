// Before an undoer acts on a ledger entry: is the object it names one this run made?
// Checked from what the framework can derive itself, never from the entry's word alone:
// names are recomputed from the ledger's run id (namespaces, nftables tables, cgroups,
// containers carry the framework's mark and a hash or copy of it), paths are normalized
// and must lie in the run's own cgroup, Toxiproxy is only called on loopback, and a
// host-wide sysctl is only restored when the entry says the run was allowed to change it.
// A process must be recorded with its command line, and is left alone when the pid and
// start time match a live process that runs something else.

import { createHash } from 'node:crypto';
import { normalize } from 'node:path';
import { isLoopbackHost } from '../tickstorm/listen-address.js';
import type { LedgerEntry } from './ledger.js';
import type { LedgerKind } from './fault-kind.js';
import { isPlainToxiproxyName } from '../stack/toxiproxy/toxiproxy-names.js';
import {
  identityFromParams,
  processCommand,
  processStartTime,
} from '../stack/process/proc-identity.js';

/** The namespace a drill with this ledger id creates (netns.ts names it so). */
export function runNetns(runId: string): string {
  return `chaos-${createHash('sha1').update(runId).digest('hex').slice(0, 8)}`;
}

/** The memory cgroup's folder name (kinds/memory-pressure.ts names it so). */
export function runCgroupName(runId: string): string {
  return `tickstorm-chaos-${runId}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/** Why this entry must not be acted on, or null when the run provably made its object. */
export function ownershipProblem(
  entry: LedgerEntry,
  runId: string,
  ledgerKinds: ReadonlyMap<string, LedgerKind>,
): string | null {
  const kind = ledgerKinds.get(entry.kind);
  // No kind, no proof: rollback reports it as having no undoer.
  return kind ? kind.ownership(entry.params, runId) : null;
}

/** The entry's `key` names this run's own namespace. */
export function inOwnNetns(
  params: Record<string, unknown>,
  runId: string,
  key = 'netns',
): string | null {
  return params[key] === runNetns(runId)
    ? null
    : `namespace ${JSON.stringify(params[key])} is not this run's (${runNetns(runId)})`;
}

/** A Toxiproxy entry: a loopback Toxiproxy (or the remote one the run was given) and plain names. */
export function toxiproxyOwnership(params: Record<string, unknown>): string | null {
  const url = typeof params.toxiproxyUrl === 'string' ? params.toxiproxyUrl : undefined;
  return (
    (params.givenRemote === true ? null : loopbackUrl(url)) ??
    plainNames(params.proxy, params.toxic)
  );
}

/** A live process at the recorded pid and start time must also run the recorded command. */
export function processProblem(params: Record<string, unknown>): string | null {
  const identity = identityFromParams(params);
  if (!Number.isInteger(identity.pid) || identity.pid <= 1)
    return `pid ${JSON.stringify(params.pid)} is not a process this framework could have started`;
  if (identity.command === undefined)
    return `pid ${identity.pid}: the entry does not record the command the process ran, so it cannot be proven to be ours`;
  if (processStartTime(identity.pid) !== identity.startTime) return null; // gone: nothing to act on
  const running = processCommand(identity.pid);
  return running === identity.command
    ? null
    : `pid ${identity.pid} runs ${JSON.stringify(running?.slice(0, 120))}, not the recorded ${JSON.stringify(identity.command.slice(0, 120))}`;
}

/** A path in this run's own cgroup folder (or that folder itself), written without `..`. */
export function ownCgroupPath(
  path: string | undefined,
  runId: string,
  file: RegExp | null,
): string | null {
  if (!path) return 'no path recorded';
  // `..` or `.` could lead anywhere from the folder the name seems to be in; a doubled `/`
  // (a parent recorded with a trailing one) is harmless.
  if (!path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '.'))
    return `${JSON.stringify(path)} is not a plain absolute path`;
  const plain = normalize(path);
  if (!plain.startsWith('/sys/fs/cgroup/')) return `${path} is outside /sys/fs/cgroup`;
  const parts = plain.split('/');
  const folder = file ? parts.at(-2) : parts.at(-1);
  if (folder !== runCgroupName(runId))
    return `${path} is not in this run's cgroup (${runCgroupName(runId)})`;
  if (file && !file.test(parts.at(-1)!)) return `${path} is not a memory limit file`;
  return null;
}

function plainNames(...names: unknown[]): string | null {
  const bad = names.find((name) => name !== undefined && !isPlainToxiproxyName(name));
  return bad === undefined
    ? null
    : `Toxiproxy name ${JSON.stringify(bad)} is not a plain name (letters, digits, _ and -)`;
}

/**
 * How a ledger entry names its Toxiproxy: a loopback URL as is; one outside loopback (the
 * external provider, allowed by --allow-remote) marked as given, the one case rollback
 * calls a Toxiproxy that is not on this machine.
 */
export function toxiproxyParams(url: string): { toxiproxyUrl: string; givenRemote?: true } {
  return loopbackUrl(url) === null
    ? { toxiproxyUrl: url }
    : { toxiproxyUrl: url, givenRemote: true };
}

function loopbackUrl(text: string | undefined): string | null {
  let url: URL;
  try {
    url = new URL(text ?? '');
  } catch {
    return `Toxiproxy URL ${JSON.stringify(text)} is not a URL`;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return url.protocol === 'http:' && isLoopbackHost(host)
    ? null
    : `Toxiproxy URL ${text} is not on loopback`;
}
