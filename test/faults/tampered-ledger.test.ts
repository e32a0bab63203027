// `chaos rollback` on a crashed run's ledger with entries appended by someone else: each
// names a real object this run never made (a network namespace and an nftables table in
// it, a file reached through `..` from a cgroup path, a Toxiproxy that is not on loopback
// or a route reached through `../`, a live process named by its real pid and start time
// but not the command recorded, containers and networks without the run's mark, a
// folder outside the temp folder's run names). Every one is refused, reported with its reason, kept
// in the ledger, and the objects themselves are checked afterwards: they survive.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLedgerFile } from '../../src/faults/ledger.js';
import { identify } from '../../src/stack/process/proc-identity.js';
import { runChaos } from '../helpers/run-chaos.js';
import { canMakeNamespaces } from '../helpers/can-make-namespaces.js';

const FOREIGN_NETNS = `foreign-${process.pid}`;
const requests: string[] = [];
let server: Server | undefined;

afterAll(async () => {
  try {
    execFileSync('ip', ['netns', 'delete', FOREIGN_NETNS], { stdio: 'ignore' });
  } catch {
    // not made (no privilege) or already gone
  }
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe.skipIf(!canMakeNamespaces())(
  'a tampered ledger (real namespace, table, file, HTTP)',
  () => {
    it('refuses every foreign entry, keeps it, exits 3, and the objects survive', async () => {
      execFileSync('ip', ['netns', 'add', FOREIGN_NETNS]);
      execFileSync('ip', [
        'netns',
        'exec',
        FOREIGN_NETNS,
        'nft',
        'add',
        'table',
        'inet',
        'chaos_loss',
      ]);
      const scratch = mkdtempSync(join(tmpdir(), 'chaos-tampered-'));
      const victim = join(scratch, 'victim');
      writeFileSync(victim, 'untouched\n');
      // A stand-in for any HTTP service on this machine: it records what reaches it.
      server = createServer((request, response) => {
        requests.push(`${request.method} ${request.url}`);
        response.end('{}');
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;

      const stateDir = mkdtempSync(join(tmpdir(), 'chaos-state-'));
      mkdirSync(join(stateDir, 'ledgers'));
      const gone = spawn('true');
      await new Promise((resolve) => gone.once('exit', resolve));
      const owner = identify(process.pid)!;
      // A bystander, named by its real pid and start time: only its command is not ours.
      const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
      const stranger = identify(bystander.pid!)!;
      const strangerLimits = readFileSync(`/proc/${stranger.pid}/limits`, 'utf8');
      const forwarding = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
      const entries: [string, Record<string, unknown>][] = [
        ['netns', { name: FOREIGN_NETNS, hostIf: 'x' }],
        ['nft-table', { netns: FOREIGN_NETNS, table: 'chaos_loss' }],
        ['memory-limit', { file: `/sys/fs/cgroup/memory/../../..${victim}`, previous: 'PWNED' }],
        ['proxy', { toxiproxyUrl: `http://127.0.0.1:${port}`, proxy: '../../admin' }],
        ['toxic', { toxiproxyUrl: 'http://192.0.2.1:8474', proxy: 'p', toxic: 't' }],
        ['sysctl', { netns: null, key: 'net.ipv4.ip_forward', previous: '0' }],
        ['sysctl', { netns: FOREIGN_NETNS, key: 'net.ipv4.ip_forward', previous: '1' }],
        ['process', { name: 'x', ...stranger, command: 'prometheus --config.file=p.yml' }],
        ['fault-process', { name: 'memory-hog', pid: stranger.pid, startTime: stranger.startTime }],
        ['nofile', { ...stranger, command: 'node target', previousSoft: 7 }],
        ['cgroup', { dir: '/sys/fs/cgroup/memory/foreign' }],
        ['source-pool', { table: 'chaos_pool_foreign', netns: null }],
        ['container', { container: 'postgres', part: 'target' }],
        ['network', { network: 'bridge' }],
        ['work-folder', { dir: scratch }],
      ];
      const ledgerFile = join(stateDir, 'ledgers', 'crashed.jsonl');
      writeFileSync(
        ledgerFile,
        [
          // The owner: a process that has ended, so the ledger counts as abandoned.
          {
            op: 'open',
            runId: 'crashed',
            owner: { ...owner, pid: gone.pid, startTime: 1 },
            at: '',
          },
          ...entries.map(([kind, params], index) => ({
            op: 'intent',
            id: index + 1,
            kind,
            params,
            description: `undo ${kind}`,
            at: '',
          })),
        ]
          .map((line) => JSON.stringify(line))
          .join('\n') + '\n',
      );

      const rollback = await runChaos(['rollback'], { env: { CHAOS_STATE_DIR: stateDir } });
      expect(rollback.code, rollback.stdout + rollback.stderr).toBe(3);
      const said = rollback.stdout + rollback.stderr;
      for (const why of [
        `namespace "${FOREIGN_NETNS}" is not this run's`,
        'is not a plain absolute path',
        'Toxiproxy name "../../admin" is not a plain name',
        'Toxiproxy URL http://192.0.2.1:8474 is not on loopback',
        'does not say the run had --allow-host-sysctl',
        `pid ${stranger.pid} runs "sleep 300", not the recorded "prometheus`,
        `pid ${stranger.pid}: the entry does not record the command`,
        `pid ${stranger.pid} runs "sleep 300", not the recorded "node target"`,
        "/sys/fs/cgroup/memory/foreign is not in this run's cgroup",
        'table "chaos_pool_foreign" is not this run\'s',
        'container "postgres" is not this run\'s',
        'network "bridge" is not this run\'s',
        `work folder "${scratch}" is not this run's`,
      ])
        expect(said).toContain(why);
      expect(said.match(/refused, not this run's to undo/g)?.length).toBe(entries.length);

      // The objects: all still there, untouched.
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(FOREIGN_NETNS);
      expect(
        execFileSync('ip', ['netns', 'exec', FOREIGN_NETNS, 'nft', 'list', 'tables'], {
          encoding: 'utf8',
        }),
      ).toContain('chaos_loss');
      expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
      expect(identify(stranger.pid)).toEqual(stranger);
      expect(readFileSync(`/proc/${stranger.pid}/limits`, 'utf8')).toBe(strangerLimits);
      bystander.kill('SIGKILL');
      expect(requests).toEqual([]);
      expect(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')).toBe(forwarding);
      // Kept for a person to look at.
      expect(readLedgerFile(ledgerFile).pending.length).toBe(entries.length);
    });
  },
);
