// A bench-only generator process that loads two targets at once (two startLoad calls
// in one process), to measure what one generator process holds when one target's own
// limits would stop first. Prints a ready line with both metrics URLs; SIGTERM stops it
// and prints one summary line.

import { normalizeProfile } from '../../src/load/profile/profile.js';
import { addTallies } from '../../src/load/metrics/progress.js';
import { startLoad } from '../../src/load/start-load.js';

const [first, second, profileJson] = process.argv.slice(2);
const address = (text: string) => ({ host: text.split(':')[0]!, port: Number(text.split(':')[1]) });
const profile = normalizeProfile(JSON.parse(profileJson!), 'bench');
const loads = await Promise.all(
  [first!, second!].map((text) => startLoad({ address: address(text), profile })),
);
process.stdout.write(
  `${JSON.stringify({ event: 'ready', pid: process.pid, metrics: loads.map((l) => l.metricsUrl) })}\n`,
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const summaries = await Promise.all(loads.map((load) => load.stop()));
  process.stdout.write(`${JSON.stringify({ event: 'summary', ...addTallies(summaries) })}\n`);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
