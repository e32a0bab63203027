// `npm run bench:target`: how many SECOND-mode sessions the reference target holds on
// this machine, how many DATA_BATCH frames a second it sustains, and its CPU and RSS
// per 1,000 sessions. The target runs as `chaos target`; clients are spread over
// several processes and source addresses. Prints a table; asserts nothing.

import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readNofileOf } from '../src/proc/nofile-limit.js';
import { chaosBin } from '../src/paths.js';
import { cpuSeconds, rssBytes } from './process-usage.js';
import type { ClientCommand, ClientReport } from './target-clients.js';

const { values: options } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000,5000,10000,17500,19000' },
    'measure-seconds': { type: 'string', default: '10' },
    clients: { type: 'string', default: '4' },
  },
});
const steps = options.steps.split(',').map(Number);
const measureSeconds = Number(options['measure-seconds']);
const clientCount = Number(options.clients);

interface Family {
  name: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string> }[];
}
const parseMetrics = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Family[];

const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startTarget() {
  const child = spawn(
    process.execPath,
    [
      chaosBin,
      'target',
      '--port',
      '0',
      '--metrics-port',
      '0',
      '--health-port',
      '0',
      '--ready-json',
      '--instance-id',
      'bench',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, STREAM_USER: 'bench', STREAM_PASS: 'bench' },
    },
  );
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (out += text));
  for (let i = 0; i < 600 && !out.includes('\n'); i++) await sleep(50);
  if (!out.includes('\n')) throw new Error('chaos target did not print its ready line within 30 s');
  const ready = JSON.parse(out.split('\n')[0]!) as { pid: number; stream: string; metrics: string };
  // Every process here has a hard nofile limit of 20,000; give the target all of it.
  const hard = readNofile(ready.pid).hard;
  execFileSync('prlimit', ['--pid', String(ready.pid), `--nofile=${hard}:${hard}`]);
  const [host, port] = [
    ready.stream.slice(0, ready.stream.lastIndexOf(':')),
    Number(ready.stream.split(':').pop()),
  ];
  return { ...ready, host, port, nofile: readNofile(ready.pid) };
}

const readNofile = (pid: number) => readNofileOf(pid);

async function startClients() {
  const file = fileURLToPath(new URL('./target-clients.ts', import.meta.url));
  const clients = Array.from({ length: clientCount }, () => {
    const child = fork(file, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    return child;
  });
  await Promise.all(clients.map((c) => once(c, 'message')));
  return clients;
}

async function ask(
  client: ChildProcess,
  command: ClientCommand,
  boundMs: number,
): Promise<ClientReport> {
  const reply = once(client, 'message') as Promise<[ClientReport]>;
  client.send(command);
  const timeout = sleep(boundMs).then(() => {
    throw new Error(`a bench client did not answer ${command.cmd} within ${boundMs} ms`);
  });
  return (await Promise.race([reply, timeout]))[0];
}

async function targetCounters(metricsUrl: string) {
  const families = parseMetrics(await (await fetch(metricsUrl)).text());
  const value = (name: string, labels: Record<string, string> = {}) =>
    Number(
      families
        .find((f) => f.name === name)
        ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
        ?.value ?? 0,
    );
  const buckets =
    families.find((f) => f.name === 'tick_storm_publish_latency_seconds')?.metrics[0]?.buckets ??
    {};
  return {
    batchesSent: value('tick_storm_messages_sent_total', {
      message_type: 'DATA_BATCH',
      subscription_mode: 'SECOND',
    }),
    active: value('tick_storm_active_connections'),
    dropped: value('tick_storm_connection_errors_total', { error_type: 'connection_dropped' }),
    latency: Object.fromEntries(Object.entries(buckets).map(([le, n]) => [le, Number(n)])),
  };
}

/** Beats fire just after each wall-clock second: sampling at .5 s puts whole beats in a window. */
async function untilMidBeat(): Promise<void> {
  await sleep((1500 - (Date.now() % 1000)) % 1000);
}

/** The smallest bucket bound holding quantile `q` of the observations between two scrapes. */
function quantileBound(
  before: Record<string, number>,
  after: Record<string, number>,
  q: number,
): string {
  const bounds = Object.keys(after).sort((a, b) =>
    a === '+Inf' ? 1 : b === '+Inf' ? -1 : Number(a) - Number(b),
  );
  const total = (after['+Inf'] ?? 0) - (before['+Inf'] ?? 0);
  if (total <= 0) return '-';
  const bound = bounds.find((b) => (after[b] ?? 0) - (before[b] ?? 0) >= q * total)!;
  return bound === '+Inf' ? '>5 s' : `≤${Number(bound) * 1000} ms`;
}

async function main() {
  const target = await startTarget();
  const clients = await startClients();
  console.log(
    `target pid ${target.pid} on ${target.stream}, nofile ${target.nofile.soft}/${target.nofile.hard}; ` +
      `${clientCount} client processes; ${measureSeconds} s per step; CPU % is of one core (the machine has ${(await import('node:os')).cpus().length})`,
  );
  await sleep(2000);
  const idleRss = rssBytes(target.pid);
  const rows: Record<string, string | number>[] = [];
  for (const step of steps) {
    const reports = await Promise.all(
      clients.map(async (client, i) => {
        const current = (await ask(client, { cmd: 'report' }, 10_000)).held;
        const share = Math.floor(step / clientCount) + (i < step % clientCount ? 1 : 0);
        const command: ClientCommand = {
          cmd: 'open',
          host: target.host,
          port: target.port,
          count: Math.max(0, share - current),
          localAddress: `127.0.0.${10 + i}`,
        };
        return ask(client, command, 300_000);
      }),
    );
    await sleep(2000); // let new sessions join the beat
    await untilMidBeat();
    const before = {
      at: performance.now(),
      cpu: cpuSeconds(target.pid),
      clientCpu: clients.reduce((s, c) => s + cpuSeconds(c.pid!), 0),
      reports: await Promise.all(clients.map((c) => ask(c, { cmd: 'report' }, 10_000))),
      counters: await targetCounters(target.metrics),
    };
    await sleep(measureSeconds * 1000 - 250);
    await untilMidBeat();
    const after = {
      at: performance.now(),
      cpu: cpuSeconds(target.pid),
      clientCpu: clients.reduce((s, c) => s + cpuSeconds(c.pid!), 0),
      reports: await Promise.all(clients.map((c) => ask(c, { cmd: 'report' }, 10_000))),
      counters: await targetCounters(target.metrics),
    };
    const seconds = (after.at - before.at) / 1000;
    const sum = (list: ClientReport[], key: keyof ClientReport) =>
      list.reduce((s, r) => s + Number(r[key]), 0);
    const held = after.counters.active;
    const cpuPercent = ((after.cpu - before.cpu) / seconds) * 100;
    const rss = rssBytes(target.pid);
    rows.push({
      asked: step,
      held,
      refused: sum(reports, 'refused'),
      failed: sum(reports, 'failed'),
      'batches/s recv': Math.round(
        (sum(after.reports, 'batches') - sum(before.reports, 'batches')) / seconds,
      ),
      'batches/s sent': Math.round(
        (after.counters.batchesSent - before.counters.batchesSent) / seconds,
      ),
      'seq errors': sum(after.reports, 'sequenceErrors'),
      'target CPU %': cpuPercent.toFixed(1),
      'CPU %/1k': held > 0 ? (cpuPercent / (held / 1000)).toFixed(2) : '-',
      'RSS MiB': (rss / 2 ** 20).toFixed(0),
      'RSS MiB/1k': held > 0 ? ((rss - idleRss) / 2 ** 20 / (held / 1000)).toFixed(2) : '-',
      'publish p50': quantileBound(before.counters.latency, after.counters.latency, 0.5),
      'publish p99': quantileBound(before.counters.latency, after.counters.latency, 0.99),
      'clients CPU %': (((after.clientCpu - before.clientCpu) / seconds) * 100).toFixed(0),
      'drops total': after.counters.dropped,
    });
    console.log(JSON.stringify(rows.at(-1)));
  }
  console.log(`\nidle target RSS ${(idleRss / 2 ** 20).toFixed(0)} MiB`);
  console.table(rows);
}

function cleanup() {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
try {
  await main();
} finally {
  cleanup();
}
