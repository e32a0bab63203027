// `npm run bench:load`: what one load generator process does on this machine.
//   1. the machine's ceiling: raw connect-and-hold clients (C epoll, Node) against a
//      trivial accept-and-hold server;
//   2. sessions held with zero drops directly against one reference-target process,
//      through one toxiproxy-server, and by one generator across two targets (probe
//      for the first drop, then hold just below it);
//   3. new sessions per second (completed handshakes) at rising arrival rates;
//   4. RSS per session and CPU per 1,000 sessions in the generator, and the ratios.
// Numbers only; nothing here passes or fails on time.

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { DEFAULT_SOURCE_ADDRESSES } from '../src/load/session/local-addresses.js';
import { startTarget } from './load/children.js';
import { type HoldResult, holdSessions } from './load/hold.js';
import { nofile } from './load/proc.js';
import { type RateResult, sessionsPerSecond } from './load/rate.js';
import { type RawResult, rawCClient, rawNodeClient, startHoldServer } from './load/raw-tcp.js';
import { printHold, printRate, printRaw, line, round } from './load/report.js';
import { type HoldSetup, directSetup, proxiedSetup, twoTargetSetup } from './load/setups.js';

const RAW_CONNECTIONS = 19_950;
const DIRECT_PROBE = 19_950;
const PROXY_PROBE = 9_990;
const RAMP_PER_SECOND = 1_500;
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 20_000);
const RATES = (process.env.BENCH_RATES ?? '2000,4000,6000,8000,10000').split(',').map(Number);

/** Other engineers' tests share these two cores: the load average says how noisy a section was. */
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function rawCeiling(): Promise<RawResult[]> {
  const server = await startHoldServer();
  try {
    const c = await rawCClient(server.port, RAW_CONNECTIONS, 2_000, DEFAULT_SOURCE_ADDRESSES);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the closes drain
    const node = await rawNodeClient(server.port, RAW_CONNECTIONS, 2_000, DEFAULT_SOURCE_ADDRESSES);
    return c ? [c, node] : [node];
  } finally {
    await server.stop();
  }
}

async function hold(
  setup: () => Promise<HoldSetup>,
  level: number,
): Promise<{ result: HoldResult; log: string[] }> {
  const parts = await setup();
  try {
    const result = await holdSessions(parts.generator, level, {
      rampPerSecond: RAMP_PER_SECOND,
      holdMs: HOLD_MS,
      pids: parts.pids,
    });
    return { result, log: parts.log };
  } finally {
    await parts.stop();
  }
}

/** Probe up to `probe`; if something dropped, hold again at 99 % of the highest clean count. */
async function maxHeld(
  what: string,
  probe: number,
  setup: () => Promise<HoldSetup>,
): Promise<HoldResult> {
  const { result: probed, log } = await hold(setup, probe);
  printHold(`${what}, probe to ${probe}`, probed);
  const guard = log.find((l) => l.includes('resource guard'));
  if (guard) line(`    target said: ${guard.slice(0, 200)}…`);
  if (probed.held) return probed;
  // Sessions the target is about to reject still count as active for a moment, so the
  // clean count is taken as the lower of the two readings, less 1 %.
  const clean = Math.min(probed.maxActiveWithoutDrops, probed.firstDrop?.active ?? Infinity);
  const { result: held } = await hold(setup, Math.floor(clean * 0.99));
  printHold(`${what}, hold at 99 % of the highest clean count`, held);
  return held;
}

async function rising(): Promise<RateResult[]> {
  const results: RateResult[] = [];
  for (const rate of RATES) {
    const target = await startTarget();
    try {
      const result = await sessionsPerSecond(target.stream, rate, {
        durationMs: 8_000,
        pids: { target: target.pid },
      });
      results.push(result);
      printRate(result);
      if (result.dropped > 0 || result.achieved < rate * 0.9) break;
    } finally {
      await target.stop();
    }
  }
  return results;
}

async function main(): Promise<void> {
  const ports = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .trim()
    .replace(/\s+/, '–');
  const own = nofile(process.pid);
  line(`Load generator benchmark  ${new Date().toISOString()}`);
  line(
    `  ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); nofile ${own.soft}/${own.hard}; ports ${ports}; node ${process.version}`,
  );
  line(`  load average at start: ${loadAverage()}`);
  line();

  line(
    '1. Machine ceiling: raw connect-and-hold, trivial accept-and-hold server (2,000 in flight, bound over 128 source addresses like the generator)',
  );
  const raw = await rawCeiling();
  raw.forEach(printRaw);
  line(`  (load average ${loadAverage()})`);
  line();

  line(
    '2. Sessions held with zero drops (SECOND mode, 15 s heartbeats); generator = `chaos load --ready-json` child',
  );
  // BENCH_SKIP_HOLD=1 measures only the rates and the ceiling (the figures per new session).
  const skipHold = process.env.BENCH_SKIP_HOLD === '1';
  const none: HoldResult = {
    level: 0,
    held: false,
    maxActiveWithoutDrops: 0,
    rssPerSessionKiB: NaN,
    generatorRssMiB: NaN,
    holdCpuPercent: {},
    holdSeconds: 0,
    rampSeconds: 0,
    maxGeneratorLagMs: 0,
    missedScrapes: 0,
  };
  const direct = skipHold
    ? none
    : await maxHeld('directly against one reference target', DIRECT_PROBE, directSetup);
  const proxied = skipHold
    ? none
    : await maxHeld('through one toxiproxy-server', PROXY_PROBE, proxiedSetup);
  const capacity = skipHold ? none : (await hold(twoTargetSetup, DIRECT_PROBE)).result;
  if (!skipHold)
    printHold(`one generator process across two reference targets (half each)`, capacity);
  line(`  (load average ${loadAverage()})`);
  line();

  line(
    '3. New sessions per second (completed handshakes; 500 ms lifetimes) directly against one reference target',
  );
  const rates = await rising();
  line(`  (load average ${loadAverage()})`);
  line();

  const clean = rates.filter((r) => r.dropped === 0 && r.skipped === 0);
  const best = clean.reduce<RateResult | undefined>(
    (a, b) => (!a || b.achieved > a.achieved ? b : a),
    undefined,
  );
  const fastest = raw.reduce((a, b) => (b.opened / b.elapsedMs > a.opened / a.elapsedMs ? b : a));
  const rawRate = (fastest.opened / fastest.elapsedMs) * 1_000;
  const nodeRaw = raw.find((r) => r.client === 'node')!;
  const heldCount = (r: HoldResult) => (r.held ? r.level : 0);
  const maxGenerator = Math.max(heldCount(direct), heldCount(capacity));
  const heldCpu = capacity.holdCpuPercent.generator ?? direct.holdCpuPercent.generator;
  line('4. Summary');
  line(
    `  held with zero drops, one target directly:  ${heldCount(direct) || 'none'}   (goal ≥ 19,000)`,
  );
  line(
    `  held with zero drops, one toxiproxy:        ${heldCount(proxied) || 'none'}   (goal ≥ 9,500)`,
  );
  line(
    `  held with zero drops, one generator:        ${heldCount(capacity) || 'none'}   (two targets)`,
  );
  line(
    `  new sessions per second, zero drops:        ${round(best?.achieved ?? NaN)}   (goal ≥ 3,000)`,
  );
  // RSS moves with the garbage collector's timing: the spread over the held runs is the honest figure.
  const rss = [direct, proxied, capacity].filter((r) => r.held).map((r) => r.rssPerSessionKiB);
  line(
    `  generator RSS per session (held runs):      ${rss.length ? `${round(Math.min(...rss), 1)}–${round(Math.max(...rss), 1)} KiB` : 'not measured'}   (goal ≤ 50 KiB)`,
  );
  line(
    `  generator CPU per 1,000 new sessions:       ${round(best?.generatorCpuMsPer1000 ?? NaN)} ms`,
  );
  if (heldCpu !== undefined) {
    const level = capacity.holdCpuPercent.generator !== undefined ? capacity.level : direct.level;
    line(
      `  generator CPU per 1,000 held sessions:      ${round((heldCpu / level) * 1_000, 2)} % of one core`,
    );
  }
  line(
    `  ratios to the raw ${fastest.client} client (${round(rawRate)} connects/s, ${fastest.opened} held):`,
  );
  line(
    `    new sessions/s ÷ raw connects/s:          ${round(((best?.achieved ?? NaN) / rawRate) * 100, 1)} %`,
  );
  for (const client of raw) {
    const rawPer1000 = (client.cpuMs / client.opened) * 1_000;
    line(
      `    CPU per new session ÷ raw ${client.client.padEnd(4)} connect:  ${round((best?.generatorCpuMsPer1000 ?? NaN) / rawPer1000, 2)}× (${round(best?.generatorCpuMsPer1000 ?? NaN)} vs ${round(rawPer1000)} ms per 1,000)`,
    );
  }
  line(
    `    sessions held ÷ raw connections held:     ${round((maxGenerator / fastest.opened) * 100, 1)} %`,
  );
  line(
    `    RSS per session ÷ raw Node socket:        ${round(Math.max(...rss) / (nodeRaw.rssBytes / 1024 / nodeRaw.opened), 2)}× (worst held run)`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
