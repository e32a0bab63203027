// A run: undo what crashed runs left behind, run the planned drills (in turn, or several
// at once with --parallel), write the reports, and name the exit code. `chaos run` is a
// thin call to this (Vitest's CLI makes the same programmatic call a library user makes).

import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { recoverAbandonedRuns } from '../faults/recover.js';
import { projectRoot } from '../paths.js';
import type { DrillPlan } from '../scenario/plan.js';
import type { Runbook } from '../scenario/runbook.js';
import { exitCodeFor, reportsFailedExitCode } from '../result/exit-code.js';
import type { EventHub } from '../result/events.js';
import { worstOutcome } from '../result/outcome.js';
import { inParallel } from './parallel-drills.js';
import { runDrill } from './run-drill.js';
import { DrillAbortedError } from './stop-reason.js';
import type { AbortRecord, RollbackRecord, RunResult } from '../result/run-result.js';
import type { StackChoice } from './start-drill-stack.js';

export interface RunOptions {
  plans: DrillPlan[];
  events: EventHub;
  signal: AbortSignal;
  stack: StackChoice;
  /** Parent folder of run folders; default reports/ in the project. */
  reportRoot?: string;
  ledgerDir?: string;
  /**
   * Writes the run's reports into its folder, before `run-end` (the live page links them);
   * returns what could not be written. The CLI passes report/write-reports.ts's writer.
   */
  writeReports?: (result: RunResult) => { files: string[]; problems: string[] };
  preflight?: boolean;
  allowHostChanges?: boolean;
  manualRemediation?: boolean;
  runbook?: Runbook;
  /** At most this many drills at once (`--parallel`); default 1. */
  parallel?: number;
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function runDrills(options: RunOptions): Promise<RunResult> {
  const { events } = options;
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const reportDir = join(options.reportRoot ?? join(projectRoot, 'reports'), runId);
  mkdirSync(reportDir, { recursive: true });
  const log = (message: string) =>
    events.emit({ type: 'log', message, at: new Date().toISOString() });
  events.emit({
    type: 'run-start',
    runId,
    reportDir,
    drills: options.plans.map((p) => p.scenario.name),
  });

  const recovered: RollbackRecord[] = [];
  for (const run of await recoverAbandonedRuns(options.ledgerDir, log))
    recovered.push(...run.items);

  // The user's stop ends the whole run: the drills running beside the one that saw it
  // abort too (each has its own Prometheus, so only one may see a condition hold), and no
  // further drill starts. An interrupt still comes through the caller's signal.
  const stopRun = new AbortController();
  const signal = AbortSignal.any([options.signal, stopRun.signal]);
  const onStop = (scenario: string) => (stop: AbortRecord) => {
    if (stopRun.signal.aborted) return;
    stopRun.abort(
      new DrillAbortedError({
        ...stop,
        reason: `${stop.reason}, seen by drill ${scenario}`,
        seenBy: scenario,
      }),
    );
  };

  // Each drill has its own ledger, ports, namespace, subnet and cgroup; results keep the
  // plans' order whatever order the drills end in.
  const parallel = Math.max(1, Math.min(options.parallel ?? 1, options.plans.length));
  const drills = await inParallel(
    options.plans,
    parallel,
    (plan) =>
      runDrill(plan, {
        runId,
        reportDir,
        events,
        signal,
        onStop: onStop(plan.scenario.name),
        stack: options.stack,
        ledgerDir: options.ledgerDir,
        preflight: options.preflight,
        allowHostChanges: options.allowHostChanges,
        manualRemediation: options.manualRemediation,
        runbook: options.runbook,
        loadInWorker: parallel > 1,
      }),
    () => signal.aborted,
  );

  const endedAt = new Date();
  const interrupted = options.signal.aborted;
  const aborted = drills.some((drill) => drill.aborted !== undefined);
  const outcome = drills.length === 0 ? 'error' : worstOutcome(drills.map((d) => d.outcome));
  const result: RunResult = {
    runId,
    tool: { name: 'tickstorm-chaos', version: '0.1.0' },
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    outcome,
    // 4 promises "after rollback": a rollback that left something behind is an error (3).
    exitCode: exitCodeFor(outcome, interrupted, aborted && !rollbackLeftSomething(drills)),
    interrupted,
    ...(aborted ? { aborted } : {}),
    reportDir,
    host: {
      hostname: hostname(),
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
    },
    drills,
    recovered,
  };
  const written = options.writeReports?.(result);
  if (written) {
    const problems = [...drills.flatMap((d) => d.reportProblems ?? []), ...written.problems];
    result.reports = { written: written.files, problems };
    // A gate must not pass on a run whose evidence is missing: a report that could not
    // be written is the framework's failure, as a broken stack is.
    if (problems.length > 0) result.exitCode = reportsFailedExitCode(result.exitCode);
  }
  events.emit({ type: 'run-end', result });
  return result;
}

function rollbackLeftSomething(drills: readonly RunResult['drills'][number][]): boolean {
  return drills.some((drill) =>
    drill.steps.some((step) => step.name === 'rollback' && step.outcome !== 'pass'),
  );
}
