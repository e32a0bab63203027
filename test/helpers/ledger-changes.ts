// For crash tests: what a killed run's ledger says it changed, and whether each change
// is really there on this machine (a live process by pid and start time, a namespace, a
// cgroup folder, an nftables table, a toxic on the live Toxiproxy, a lowered limit), read
// from the system itself, never from the framework's own bookkeeping.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLedgerFile, type AbandonedLedger, type LedgerEntry } from '../../src/faults/ledger.js';
import { readNofile } from '../../src/faults/nofile.js';
import { isSameProcessAlive } from '../../src/stack/process/proc-identity.js';
import { ToxiproxyClient } from '../../src/stack/toxiproxy/toxiproxy-client.js';

/** Every ledger file in a state folder, read as `chaos rollback` reads it. */
export function readLedgers(stateDir: string): AbandonedLedger[] {
  const dir = join(stateDir, 'ledgers');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => readLedgerFile(join(dir, name)));
}

/** Every entry of a ledger file, reverted or not, oldest first. */
export function allEntries(file: string): LedgerEntry[] {
  const entries = new Map<number, LedgerEntry>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    const line = JSON.parse(raw) as { op: string } & Partial<LedgerEntry> & { at?: string };
    if (line.op === 'intent')
      entries.set(line.id!, {
        id: line.id!,
        kind: line.kind!,
        params: line.params!,
        description: line.description!,
        recordedAt: line.at!,
        reverted: false,
      });
    if (line.op === 'reverted') entries.get(line.id!)!.reverted = true;
  }
  return [...entries.values()];
}

export { killLeftovers, processesCarrying } from '../../src/proc/state-dir-processes.js';

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

export function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 })
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter(Boolean);
}

function inNetns(netns: string, args: string[]): string | null {
  try {
    return execFileSync('ip', ['netns', 'exec', netns, ...args], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** Host-wide nftables tables (`family name`). */
export function hostNftTables(): string[] {
  const text = execFileSync('nft', ['list', 'tables'], { encoding: 'utf8', timeout: 10_000 });
  return text
    .split('\n')
    .map((line) => line.replace(/^table /, '').trim())
    .filter(Boolean);
}

async function toxiproxyAnswer<T>(url: string, call: (c: ToxiproxyClient) => Promise<T>) {
  try {
    return await call(new ToxiproxyClient(url));
  } catch (error) {
    if ((error as Error).name === 'ToxiproxyUnavailableError') return null;
    throw error;
  }
}

/** What an entry changes: a later entry on the same thing (a remediation) supersedes it. */
export function changeKey(entry: LedgerEntry): string {
  const p = entry.params;
  if (entry.kind === 'nofile') return `nofile:${p.pid}`;
  if (entry.kind === 'sysctl') return `sysctl:${p.netns}:${p.key}`;
  if (entry.kind === 'memory-limit') return `memory-limit:${p.file}`;
  return `${entry.kind}:${entry.id}`;
}

/** The newest entry for each thing changed, oldest first. */
export function latestPerChange(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const latest = new Map<string, LedgerEntry>();
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) {
    latest.delete(changeKey(entry));
    latest.set(changeKey(entry), entry);
  }
  return [...latest.values()].sort((a, b) => a.id - b.id);
}

const identity = (p: Record<string, unknown>) => ({
  pid: Number(p.pid),
  startTime: Number(p.startTime),
});

/**
 * Whether the change an entry recorded is in effect right now, with what was seen. A
 * remediation's entry is "in effect" when the value differs from what it replaced.
 */
export async function changeInEffect(
  entry: LedgerEntry,
): Promise<{ inEffect: boolean; seen: string }> {
  const p = entry.params;
  switch (entry.kind) {
    case 'process':
    case 'fault-process': {
      const alive = isSameProcessAlive(identity(p));
      return { inEffect: alive, seen: `${p.name} pid ${p.pid} ${alive ? 'alive' : 'gone'}` };
    }
    case 'nofile': {
      if (!isSameProcessAlive(identity(p))) return { inEffect: false, seen: `pid ${p.pid} gone` };
      const soft = readNofile(Number(p.pid)).soft;
      return {
        inEffect: soft !== Number(p.previousSoft),
        seen: `pid ${p.pid} soft nofile ${soft} (before the change: ${p.previousSoft})`,
      };
    }
    case 'proxy': {
      const names = await toxiproxyAnswer(String(p.toxiproxyUrl), (c) => c.proxyNames());
      return {
        inEffect: names?.includes(String(p.proxy)) ?? false,
        seen: names ? `proxies: ${names.join(', ') || 'none'}` : 'toxiproxy does not answer',
      };
    }
    case 'toxic': {
      const names = await toxiproxyAnswer(String(p.toxiproxyUrl), (c) =>
        c.toxicNames(String(p.proxy)),
      );
      return {
        inEffect: names?.includes(String(p.toxic)) ?? false,
        seen: names ? `toxics: ${names.join(', ') || 'none'}` : 'toxiproxy does not answer',
      };
    }
    case 'cgroup': {
      const dir = String(p.dir);
      const there = existsSync(dir);
      const procs = there ? readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim() : '';
      return {
        inEffect: there,
        seen: there ? `${dir} holds pids ${procs.split('\n').join(', ')}` : `${dir} absent`,
      };
    }
    case 'memory-limit': {
      const file = String(p.file);
      const value = existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
      return {
        inEffect: value !== null && value !== String(p.previous),
        seen: value === null ? `${file} absent` : `${file} = ${value} (before: ${p.previous})`,
      };
    }
    case 'work-folder': {
      const there = existsSync(String(p.dir));
      return { inEffect: there, seen: `${String(p.dir)} ${there ? 'exists' : 'is gone'}` };
    }
    case 'netns': {
      const there = namespaces().includes(String(p.name));
      return { inEffect: there, seen: `namespace ${p.name} ${there ? 'present' : 'absent'}` };
    }
    case 'nft-table': {
      const listed = inNetns(String(p.netns), ['nft', 'list', 'table', 'inet', String(p.table)]);
      return {
        inEffect: listed !== null,
        seen: listed === null ? `no table ${p.table} in ${p.netns}` : listed.split('\n')[0]!,
      };
    }
    case 'source-pool': {
      const args = ['nft', 'list', 'table', 'ip', String(p.table)];
      let listed: string | null;
      if (p.netns) listed = inNetns(String(p.netns), args);
      else
        try {
          listed = execFileSync(args[0]!, args.slice(1), {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          });
        } catch {
          listed = null;
        }
      return {
        inEffect: listed !== null,
        seen: listed === null ? `no table ${p.table}` : listed.split('\n')[0]!,
      };
    }
    case 'sysctl': {
      const key = String(p.key);
      const value =
        p.netns === null
          ? execFileSync('sysctl', ['-n', key], { encoding: 'utf8' }).trim()
          : inNetns(String(p.netns), ['sysctl', '-n', key]);
      return {
        inEffect: value !== null && value !== String(p.previous),
        seen: `${key} = ${value ?? '(namespace gone)'} (before: ${p.previous})`,
      };
    }
    default:
      throw new Error(`the crash test does not know how to look for a ${entry.kind} change`);
  }
}
