// What `chaos load` prints: the start, live progress (a refreshing line on a terminal),
// and the summary with its thresholds and each drop reason's ages at close; one JSON
// line each under --ready-json.

import {
  agesAtCloseByReason,
  fixedAgeNote,
  formatAgesAtClose,
} from '../../load/metrics/ages-at-close.js';
import {
  formatProgress,
  type LoadProgress,
  type LoadSummary,
} from '../../load/metrics/progress.js';
import type { LoadProfile } from '../../load/profile/profile-types.js';
import type { RunningLoad } from '../../load/start-load.js';
import { type ThresholdResult, formatThresholdResult } from '../../load/metrics/thresholds.js';
import { formatHostPort } from '../../tickstorm/listen-address.js';

/** A refreshing line on a terminal; plain timestamped lines otherwise (stderr under --ready-json). */
export function progressPrinter(readyJson: boolean, everyMs: number) {
  const stream = readyJson ? process.stderr : process.stdout;
  const tty = stream.isTTY === true;
  let lastPrinted = 0;
  let showing = false;
  return {
    print(progress: LoadProgress): void {
      const line = `${(progress.elapsedMs / 1000).toFixed(0)}s  ${formatProgress(progress)}`;
      if (tty) {
        stream.write(`\r\x1b[2K${line}`);
        showing = true;
      } else if (progress.elapsedMs - lastPrinted >= everyMs * 0.9) {
        lastPrinted = progress.elapsedMs;
        stream.write(`${new Date().toISOString()} ${line}\n`);
      }
    },
    clear(): void {
      if (showing) stream.write('\r\x1b[2K');
      showing = false;
    },
  };
}

export function announce(
  load: RunningLoad,
  profile: LoadProfile,
  address: { host: string; port: number },
  readyJson: boolean,
): void {
  if (readyJson) {
    const ready = {
      event: 'ready',
      pid: process.pid,
      metrics: load.metricsUrl,
      workers: load.workerPids,
      nofile: load.nofile.soft,
    };
    process.stdout.write(`${JSON.stringify(ready)}\n`);
    return;
  }
  const scenarios = profile.scenarios.map((s) => `${s.name} (${s.executor})`).join(', ');
  console.log(`chaos load → ${formatHostPort(address)}  pid ${process.pid}  seed ${profile.seed}`);
  console.log(`  profile  ${profile.source}: ${scenarios}`);
  console.log(`  metrics  ${load.metricsUrl}`);
  if (load.workerPids.length > 0) console.log(`  workers  ${load.workerPids.join(', ')}`);
  console.log('Ctrl-C (SIGINT) or SIGTERM stops it; every open session then ends as completed.');
}

export function printSummary(
  summary: LoadSummary,
  judged: ThresholdResult[],
  readyJson: boolean,
): void {
  const ages = agesAtCloseByReason(summary.dropAges);
  if (readyJson) {
    const thresholds = judged.map(({ threshold, actual, held }) => ({
      metric: threshold.metric,
      expression: threshold.expression,
      actual,
      held,
    }));
    process.stdout.write(
      `${JSON.stringify({ event: 'summary', ...summary, agesAtClose: ages, thresholds })}\n`,
    );
    return;
  }
  const reasons = Object.entries(summary.dropped).sort((a, b) => b[1] - a[1]);
  console.log(
    `${summary.stopped ? 'Stopped' : 'Finished'} after ${(summary.durationMs / 1000).toFixed(1)} s (seed ${summary.seed})`,
  );
  console.log(`  started     ${summary.started}`);
  console.log(`  handshakes  ${summary.handshakes}`);
  console.log(
    `  streamed    ${summary.streamed}   (got their first DATA_BATCH, or lived before one was due)`,
  );
  console.log(`  completed   ${summary.completed}   (reached their lifetime)`);
  console.log(`  interrupted ${summary.interrupted}   (cut short by the end of the run)`);
  console.log(`  dropped     ${summary.droppedTotal}`);
  for (const [reason, count] of reasons) {
    console.log(
      `    ${reason.padEnd(32)} ${String(count).padStart(7)}   e.g. ${summary.dropExamples[reason] ?? ''}`,
    );
    if (ages[reason]) console.log(`      ${formatAgesAtClose(ages[reason])}`);
  }
  for (const [reason, reasonAges] of Object.entries(ages)) {
    const note = fixedAgeNote(reason, reasonAges);
    if (note) console.log(`  ${note}`);
  }
  if (summary.sequenceGaps > 0)
    console.log(
      `  batch_sequence gaps ${summary.sequenceGaps} (numbers skipped ahead, as the published server does; not drops)`,
    );
  if (summary.skipped > 0)
    console.log(
      `  skipped     ${summary.skipped} arrivals (maxVUs busy, or more due at once than one tick starts)`,
    );
  console.log(`  peak active ${summary.peakActive}`);
  console.log(`  worst generator event-loop lag ${summary.maxEventLoopLagMs.toFixed(0)} ms`);
  console.log('Thresholds');
  for (const result of judged) console.log(`  ${formatThresholdResult(result)}`);
}
