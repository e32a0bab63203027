// Before an undoer acts on a ledger entry: is the object it names one this run made?
// Checked from what the framework can derive itself, never from the entry's word alone:
// names are recomputed from the ledger's run id (namespaces, nftables tables, cgroups,
// containers carry the framework's mark and a hash or copy of it), paths are normalized
// and must lie in the run's own cgroup, Toxiproxy is only called on loopback, and a
// host-wide sysctl is only restored when the entry says the run was allowed to change it.
// A process must be recorded with its command line, and is left alone when the pid and
// start time match a live process that runs something else.

import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { isLoopbackHost } from '../tickstorm/listen-address.js';
import type { LedgerEntry } from './ledger.js';
import { poolTableName } from './source-pool.js';
import { workFolderName } from './work-folder.js';
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

/** The memory cgroup's folder name (memory-pressure-action.ts names it so). */
export function runCgroupName(runId: string): string {
  return `tickstorm-chaos-${runId}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/** Why this entry must not be acted on, or null when the run provably made its object. */
export function ownershipProblem(entry: LedgerEntry, runId: string): string | null {
  const p = entry.params;
  const str = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
  const inOwnNetns = (key = 'netns') =>
    str(key) === runNetns(runId)
      ? null
      : `namespace ${JSON.stringify(p[key])} is not this run's (${runNetns(runId)})`;
  switch (entry.kind) {
    case 'netns':
      return inOwnNetns('name');
    case 'nft-table':
      return str('table') !== 'chaos_loss'
        ? `table ${JSON.stringify(p.table)} is not one this framework makes`
        : inOwnNetns();
    case 'source-pool':
      if (str('table') !== poolTableName(runId))
        return `table ${JSON.stringify(p.table)} is not this run's (${poolTableName(runId)})`;
      return p.netns === null || p.netns === undefined ? null : inOwnNetns();
    case 'sysctl':
      if (p.netns === null || p.netns === undefined)
        return p.allowedHost === true
          ? null
          : 'a host-wide sysctl, but the entry does not say the run had --allow-host-sysctl';
      return inOwnNetns();
    case 'cgroup':
      return ownCgroupPath(str('dir'), runId, null);
    case 'memory-limit':
      return ownCgroupPath(str('file'), runId, /^memory\.(limit_in_bytes|max)$/);
    case 'toxic':
    case 'proxy':
      return (
        (p.givenRemote === true ? null : loopbackUrl(str('toxiproxyUrl'))) ??
        plainNames(p.proxy, p.toxic)
      );
    case 'container':
      return str('container')?.startsWith(`chaos-${runId}-`)
        ? null
        : `container ${JSON.stringify(p.container)} is not this run's (chaos-${runId}-…)`;
    case 'network':
      return str('network') === `chaos-${runId}`
        ? null
        : `network ${JSON.stringify(p.network)} is not this run's (chaos-${runId})`;
    case 'process':
    case 'fault-process':
    case 'nofile':
      return processProblem(p);
    case 'work-folder': {
      const dir = str('dir') ?? '';
      const expected = join(tmpdir(), workFolderName(runId));
      return dir === expected
        ? null
        : `work folder ${JSON.stringify(p.dir)} is not this run's (${expected})`;
    }
    default:
      return null;
  }
}

/** A live process at the recorded pid and start time must also run the recorded command. */
function processProblem(params: Record<string, unknown>): string | null {
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
function ownCgroupPath(
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
