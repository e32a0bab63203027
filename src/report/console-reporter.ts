// Progress on the terminal. On a TTY: permanent lines for what happened plus one live
// status line (phase, elapsed against its bound, server and client drop rate, alert
// state). Elsewhere (CI logs): plain timestamped lines, a rate line every few seconds.

import { basename } from 'node:path';
import type { DrillEvent } from '../result/events.js';
import type { RunResult } from '../result/run-result.js';
import { abortLines, clientSessionsLine, formatMs, formatRate, outcomeLabel } from './format.js';

export interface ConsoleReporterOptions {
  stream?: NodeJS.WriteStream;
  /** Force plain lines even on a TTY. */
  plain?: boolean;
  /** Plain mode: print a rate line at most this often. */
  sampleEveryMs?: number;
}

export function consoleReporter(options: ConsoleReporterOptions = {}): (event: DrillEvent) => void {
  const out = options.stream ?? process.stderr;
  const live = !options.plain && out.isTTY === true;
  const sampleEveryMs = options.sampleEveryMs ?? 5000;
  // Per drill: drills may run at once (--parallel), each line names its drill.
  type Phase = { name: string; title: string; boundMs: number | undefined; at: number };
  const phases = new Map<string, Phase>();
  const phaseOf = (scenario: string): Phase =>
    phases.get(scenario) ?? { name: 'setup', title: '', boundMs: undefined, at: Date.now() };
  const statuses = new Map<string, string>();
  const lastSampleLine = new Map<string, number>();
  let status = '';
  const setStatus = () => {
    status = statuses.size > 0 ? `  ${[...statuses.values()].join('  |  ')}` : '';
  };

  const clock = () => new Date().toTimeString().slice(0, 8);
  const clearStatus = () => {
    if (live && status) out.write('\r\x1b[2K');
  };
  const print = (line: string) => {
    clearStatus();
    out.write(`${live ? '' : `${clock()} `}${line}\n`);
    if (live && status) out.write(status);
  };

  return (event) => {
    switch (event.type) {
      case 'run-start':
        print(`run ${event.runId}: ${event.drills.join(', ')} (reports in ${event.reportDir})`);
        break;
      case 'drill-start':
        print(`${event.scenario}: ${event.description}`);
        print(`${event.scenario}: theoretical minimum ${formatMs(event.theoreticalMinimumMs)}`);
        break;
      case 'phase':
        phases.set(event.scenario, {
          name: event.step,
          title: event.title,
          boundMs: event.boundMs,
          at: Date.parse(event.at),
        });
        print(
          `${event.scenario} ▸ ${event.step}: ${event.title}${event.boundMs ? ` (bound ${formatMs(event.boundMs)})` : ''}`,
        );
        break;
      case 'sample': {
        const p = event.point;
        const phase = phaseOf(event.scenario);
        const elapsed = formatMs(Date.now() - phase.at);
        const text = `${event.scenario} ▸ ${phase.name} ${elapsed}${phase.boundMs ? ` / ${formatMs(phase.boundMs)}` : ''} · server ${formatRate(p.serverDropRate)} · client ${formatRate(p.clientDropRate)} · alert ${p.alertState}`;
        if (live) {
          statuses.set(event.scenario, text);
          setStatus();
          out.write(`\r\x1b[2K${status}`);
        } else if (Date.now() - (lastSampleLine.get(event.scenario) ?? 0) >= sampleEveryMs) {
          lastSampleLine.set(event.scenario, Date.now());
          print(text);
        }
        break;
      }
      case 'awaiting-operator':
        print(
          `${event.scenario} ▶ OPERATOR: apply the remediation now (the fault stays active; ${formatMs(event.boundMs)} to recover):`,
        );
        for (const line of event.remediation.split('\n')) print(`${event.scenario}     ${line}`);
        break;
      case 'operator-recovered':
        print(
          `${event.scenario} ● recovered ${formatMs(event.afterMs)} after the operator was asked`,
        );
        break;
      case 'marker':
        print(`${event.scenario} ● ${event.marker}`);
        break;
      case 'step-end':
        print(
          `${event.scenario} ${event.step.outcome === 'pass' ? '✔' : '✘'} ${event.step.name} ${outcomeLabel(event.step)} (${formatMs(event.step.durationMs)}): ${event.step.message}`,
        );
        if (event.step.diagnosis) print(`${event.scenario}   diagnosis: ${event.step.diagnosis}`);
        break;
      case 'log':
        print(`${event.scenario ? `${event.scenario}   ` : ''}${event.message}`);
        break;
      case 'drill-end':
        clearStatus();
        statuses.delete(event.result.scenario);
        setStatus();
        print(
          `${event.result.scenario}: ${outcomeLabel(event.result)} in ${formatMs(event.result.durationMs)}: ${event.result.message}`,
        );
        if (event.result.aborted)
          for (const line of abortLines(event.result.aborted).slice(1))
            print(`${event.result.scenario}   ${line}`);
        if (event.result.clientSessions)
          print(`${event.result.scenario}   ${clientSessionsLine(event.result.clientSessions)}`);
        break;
      case 'run-end':
        clearStatus();
        statuses.clear();
        status = '';
        for (const line of reportProblemLines(event.result)) print(line);
        print(
          `${outcomeLabel(event.result)}: ${event.result.drills.length} drill(s), exit code ${event.result.exitCode}; reports in ${event.result.reportDir}`,
        );
        break;
    }
  };
}

/** Reports that could not be written, and which ones exist (the run then exits 3). */
function reportProblemLines(result: RunResult): string[] {
  const reports = result.reports;
  if (!reports || reports.problems.length === 0) return [];
  const exist = reports.written.map((file) => basename(file));
  return [
    ...reports.problems.map((problem) => `ERROR: report not written: ${problem}`),
    exist.length > 0
      ? `only ${exist.join(', ')} written: the run's evidence is incomplete (exit code ${result.exitCode})`
      : `no report was written: the run's evidence is missing (exit code ${result.exitCode})`,
  ];
}
