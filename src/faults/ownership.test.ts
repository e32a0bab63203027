import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './ledger.js';
import { FaultRegistry } from './fault-registry.js';
import { ownershipProblem, runCgroupName, runNetns } from './ownership.js';
import { poolTableName } from './source-pool.js';

const { ledgerKinds } = new FaultRegistry();
const RUN = '20261203-101010-abcd-fd-exhaustion';
const entry = (kind: string, params: Record<string, unknown>): LedgerEntry => ({
  id: 1,
  kind,
  params,
  description: kind,
  recordedAt: '',
  reverted: false,
});
const ok = (kind: string, params: Record<string, unknown>) =>
  expect(
    ownershipProblem(entry(kind, params), RUN, ledgerKinds),
    `${kind} ${JSON.stringify(params)}`,
  ).toBeNull();
const refused = (kind: string, params: Record<string, unknown>, why: RegExp) =>
  expect(ownershipProblem(entry(kind, params), RUN, ledgerKinds)).toMatch(why);

describe('ownership: only what this run provably made is undone', () => {
  const netns = runNetns(RUN);
  const cgroup = `/sys/fs/cgroup/memory/${runCgroupName(RUN)}`;

  it("accepts the run's own namespace, tables, cgroup, containers and a loopback Toxiproxy", () => {
    ok('netns', { name: netns, hostIf: 'x' });
    ok('nft-table', { netns, table: 'chaos_loss' });
    ok('source-pool', { table: poolTableName(RUN), netns: null });
    ok('sysctl', { netns, key: 'net.core.somaxconn', previous: '4096' });
    ok('sysctl', {
      netns: null,
      key: 'net.core.netdev_max_backlog',
      previous: '1000',
      allowedHost: true,
    });
    ok('cgroup', { dir: cgroup });
    ok('cgroup', { dir: `/sys/fs/cgroup/memory//${runCgroupName(RUN)}` });
    ok('memory-limit', { file: `${cgroup}/memory.limit_in_bytes`, previous: '1' });
    ok('toxic', { toxiproxyUrl: 'http://127.0.0.1:8474', proxy: 'p', toxic: 't' });
    ok('proxy', { toxiproxyUrl: 'http://[::1]:8474', proxy: 'p' });
    ok('toxic', {
      toxiproxyUrl: 'http://10.0.0.5:8474',
      givenRemote: true,
      proxy: 'p',
      toxic: 't',
    });
    ok('container', { container: `chaos-${RUN}-prometheus` });
    ok('network', { network: `chaos-${RUN}` });
    ok('work-folder', { dir: join(tmpdir(), `tickstorm-chaos-${RUN}`) });
  });

  it('refuses what another run or nobody in this framework made', () => {
    refused('netns', { name: 'production' }, /namespace "production" is not this run's/);
    refused('netns', { name: 'chaos-00000000' }, /is not this run's/);
    refused(
      'nft-table',
      { netns, table: 'filter' },
      /table "filter" is not one this framework makes/,
    );
    refused('source-pool', { table: 'chaos_pool_0000000000', netns: null }, /is not this run's/);
    refused(
      'sysctl',
      { netns: null, key: 'net.ipv4.ip_forward', previous: '1' },
      /--allow-host-sysctl/,
    );
    refused('cgroup', { dir: `${cgroup}/../../system.slice` }, /not a plain absolute path/);
    refused('memory-limit', { file: `${cgroup}/../x/memory.max` }, /not a plain absolute path/);
    refused('memory-limit', { file: '/etc/passwd' }, /outside \/sys\/fs\/cgroup/);
    refused('memory-limit', { file: `${cgroup}/tasks` }, /not a memory limit file/);
    refused('toxic', { toxiproxyUrl: 'http://10.0.0.5:8474' }, /not on loopback/);
    refused('proxy', { toxiproxyUrl: 'file:///etc/passwd' }, /not on loopback/);
    refused(
      'proxy',
      { toxiproxyUrl: 'http://127.0.0.1:8474', proxy: '../../admin' },
      /Toxiproxy name "..\/..\/admin" is not a plain name/,
    );
    refused('container', { container: 'postgres' }, /container "postgres" is not this run's/);
    refused('network', { network: 'bridge' }, /network "bridge" is not this run's/);
    refused('work-folder', { dir: '/home' }, /work folder "\/home" is not this run's/);
    refused('work-folder', { dir: join(tmpdir(), 'tickstorm-chaos-other') }, /is not this run's/);
  });
});
