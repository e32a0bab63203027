// `npm run bench:quiet-close`: how many clean closes turn into resets the server counts,
// through one toxiproxy-server, with the load generator's quiet-close rule and without it.
// The rule (close right after a DATA_BATCH) holds while the close travels faster than one
// batch cadence, so the figure depends on the cadence and on how busy the machine is:
// the load average is printed beside each row. Numbers only; nothing passes or fails.
//   BENCH_CADENCES_MS=10,100,1000  the servers' batch cadences
//   BENCH_CLOSES=500               sessions per row (50 a second, lifetimes 200 to 700 ms)

import { readFileSync } from 'node:fs';
import { normalizeProfile } from '../src/load/profile/profile.js';
import { startLoad } from '../src/load/start-load.js';
import { startStreamingServer } from '../test/load/support/streaming-server.js';
import { startProxy } from './load/children.js';

const CADENCES = (process.env.BENCH_CADENCES_MS ?? '10,100,1000').split(',').map(Number);
const CLOSES = Number(process.env.BENCH_CLOSES ?? 500);
const RATE = 50;

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** SECOND waits for the quiet after a batch; MINUTE's cadence is not worth waiting for, so
 *  a MINUTE session closes when its lifetime is up: the rule off, on the same server. */
async function closes(cadenceMs: number, mode: 'SECOND' | 'MINUTE') {
  const server = await startStreamingServer(cadenceMs);
  const proxy = await startProxy(server.address);
  try {
    const profile = normalizeProfile(
      {
        rate: RATE,
        duration: `${Math.ceil(CLOSES / RATE)}s`,
        preAllocatedVUs: CLOSES,
        mode,
        lifetime: { kind: 'uniform', min: '200ms', max: '700ms' },
        heartbeatInterval: 'off',
        gracefulStop: '5s',
      },
      'bench-quiet-close',
    );
    const load = await startLoad({ address: proxy.listen, profile });
    const summary = await load.done;
    await load.stop();
    await server.allEnded(summary.started, 10_000);
    return { started: summary.started, clientDrops: summary.droppedTotal, ...server.ended };
  } finally {
    await proxy.stop();
    await server.close();
  }
}

async function main(): Promise<void> {
  console.log(`quiet close through Toxiproxy: ${CLOSES} sessions a row, ${RATE}/s`);
  console.log('cadence  rule  sessions  server FIN  server resets  other  client drops  load avg');
  for (const cadenceMs of CADENCES) {
    for (const mode of ['SECOND', 'MINUTE'] as const) {
      const row = await closes(cadenceMs, mode);
      const other =
        Object.entries(row.other)
          .map(([code, n]) => `${code}:${n}`)
          .join(',') || '0';
      console.log(
        [
          `${cadenceMs} ms`.padEnd(8),
          (mode === 'SECOND' ? 'on' : 'off').padEnd(5),
          String(row.started).padEnd(9),
          String(row.fin).padEnd(11),
          String(row.reset).padEnd(14),
          other.padEnd(6),
          String(row.clientDrops).padEnd(13),
          loadAverage(),
        ].join(' '),
      );
    }
  }
}

await main();
