// How the bench prints each measurement: one line or a few, numbers with units.

import type { HoldResult } from './hold.js';
import type { RateResult } from './rate.js';
import type { RawResult } from './raw-tcp.js';

export const line = (text = '') => console.log(text);
export const round = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

const cpuList = (cpu: Record<string, number>) =>
  Object.entries(cpu)
    .map(([name, percent]) => `${name} ${round(percent)} %`)
    .join(', ');

export function printRaw(result: RawResult): void {
  const failed = result.failed ? `; ${result.failed} failed, first ${result.firstError}` : '';
  line(
    `  ${result.client.padEnd(5)} opened ${result.opened}/${result.attempted} in ${round(result.elapsedMs)} ms ` +
      `= ${round((result.opened / result.elapsedMs) * 1_000)} connects/s; RSS ${round(result.rssBytes / 2 ** 20, 1)} MiB ` +
      `(${round(result.rssBytes / 1024 / result.opened, 2)} KiB/conn); CPU ${round(result.cpuMs)} ms ` +
      `(${round((result.cpuMs / result.opened) * 1_000)} ms per 1,000)${failed}`,
  );
}

export function printHold(title: string, result: HoldResult): void {
  line(`  ${title}:`);
  line(
    `    ${result.held ? 'HELD' : 'not held:'} ${result.level} for ${round(result.holdSeconds, 1)} s ` +
      `after a ${round(result.rampSeconds, 1)} s ramp; max active with zero drops ${result.maxActiveWithoutDrops}`,
  );
  if (result.firstDrop) {
    line(
      `    first drop seen at ${result.firstDrop.active} active: ${JSON.stringify(result.firstDrop.reasons)}`,
    );
  }
  line(
    `    generator RSS ${round(result.generatorRssMiB)} MiB, ${round(result.rssPerSessionKiB, 1)} KiB per session; ` +
      `worst generator event-loop lag ${round(result.maxGeneratorLagMs)} ms` +
      (result.missedScrapes ? `; ${result.missedScrapes} scrapes unanswered within 10 s` : ''),
  );
  const cpu = cpuList(result.holdCpuPercent);
  if (cpu) line(`    CPU during the hold (% of one core): ${cpu}`);
}

export function printRate(result: RateResult): void {
  const drops = result.dropped ? ` ${JSON.stringify(result.droppedByReason)}` : '';
  line(
    `  ${String(result.requested).padStart(5)}/s asked → ${round(result.achieved)} handshakes/s; ` +
      `dropped ${result.dropped}${drops}; skipped ${result.skipped}; ` +
      `generator ${round(result.generatorCpuMsPer1000)} CPU ms per 1,000; ${cpuList(result.cpuPercent)}`,
  );
}
