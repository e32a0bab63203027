// One drill, end to end: stack up, preflight → baseline → inject → expect → remediate
// → verify, then rollback whatever happened (Playwright's task runner: every setup's
// undo unwinds in reverse, also on failure and interrupt).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ledger } from '../faults/ledger.js';
import type { LoadSummary } from '../load/metrics/progress.js';
import type { DrillPlan } from '../scenario/plan.js';
import { displayPath } from '../scenario/scenario-files.js';
import type { DrillStack } from '../stack/drill-stack.js';
import { mark, type DrillContext } from './drill-context.js';
import { InterruptedError } from './drill-errors.js';
import type { EventHub } from '../result/events.js';
import { worstOutcome, type Outcome } from '../result/outcome.js';
import { verifyClients } from './phases/verify-clients.js';
import { resolvedPageExpectedOf } from './phases/resolved-page.js';
import { phasesOf } from './drill-phases.js';
import { openPage } from './page-wiring.js';
import { runbookLinks, type Runbook } from '../scenario/runbook.js';
import { rollbackDrill } from './rollback-drill.js';
import { workFolderName } from '../faults/work-folder.js';
import { doorRefusal } from './door-refusal.js';
import { summarizeSessions, verdict } from './drill-summary.js';
import { SOURCE_POOL_UNAVAILABLE_KEY } from './start-drill-stack.js';
import type {
  AbortRecord,
  FirstMinutesItem,
  DrillResult,
  RollbackRecord,
  TargetRestart,
  StepResult,
  TimelinePoint,
} from '../result/run-result.js';
import { Sampler } from './sampler.js';
import { StopWatch } from './stop-watch.js';
import { abortErrorOf, DrillAbortedError } from './stop-reason.js';
import { answerStopRequest } from './stop-request.js';
import { classify, targetDeathNote } from './classify-error.js';
import { StepClock } from './step-clock.js';
import { planSummary } from './plan-summary.js';
import { boundOf } from './step-bounds.js';
import { startDrillStack, type StackChoice } from './start-drill-stack.js';

export interface DrillOptions {
  runId: string;
  reportDir: string;
  events: EventHub;
  signal: AbortSignal;
  stack: StackChoice;
  ledgerDir?: string;
  /** Allow changes outside what the framework created (host-wide sysctls): `--allow-host-sysctl`. */
  allowHostChanges?: boolean;
  /** Game-day mode: the operator remediates, the drill verifies (`--manual-remediation`). */
  manualRemediation?: boolean;
  /** The runbook attached with --runbook. */
  runbook?: Runbook;
  /** false: skip the preflight step (`--no-preflight`); the alert step still explains a silent alert. */
  preflight?: boolean;
  /** Clients in a worker process of their own: set when drills run at once. */
  loadInWorker?: boolean;
  /** Told once when this drill aborts on the user's signal, so the run can stop the rest. */
  onStop?: (stop: AbortRecord) => void;
}

export async function runDrill(plan: DrillPlan, options: DrillOptions): Promise<DrillResult> {
  const { events } = options;
  const scenario = plan.scenario.name;
  const startedAt = new Date();
  const drillDir = join(options.reportDir, scenario);
  mkdirSync(drillDir, { recursive: true });
  const log = (message: string) =>
    events.emit({ type: 'log', scenario, message, at: new Date().toISOString() });
  events.emit({
    type: 'drill-start',
    scenario,
    description: plan.scenario.description,
    theoreticalMinimumMs: plan.theoreticalMinimumMs,
  });

  const rulesText = plan.alert.scaledText;
  const scaledRulesFile = join(drillDir, 'rules.yml');
  writeFileSync(scaledRulesFile, rulesText);

  const ledger = Ledger.open(`${options.runId}-${scenario}`, options.ledgerDir);
  const drillId = `${options.runId}-${scenario}`;
  // Prometheus's and Alertmanager's data live here: ledgered first, so a crash leaves
  // nothing in the temp folder that `chaos rollback` cannot remove.
  const workDir = join(tmpdir(), workFolderName(drillId));
  ledger.record('work-folder', { dir: workDir }, `remove work folder ${workDir}`);
  mkdirSync(workDir, { mode: 0o700 });
  const shared = new Map<string, unknown>();
  const steps: StepResult[] = [];
  const timeline: TimelinePoint[] = [];
  const context: Partial<DrillContext> & Pick<DrillContext, 'markers' | 'faults' | 'remediations'> =
    {
      plan,
      ledger,
      drillId,
      shared,
      allowHostChanges: options.allowHostChanges ?? false,
      alertBlind: false,
      events,
      log,
      markers: {},
      faults: [],
      remediations: [],
      appliedFaults: [],
      page: null,
      ...(plan.page
        ? {
            pageRecord: {
              config: plan.page.shownAs,
              receiver: plan.page.receiver,
              resolvedExpected: resolvedPageExpectedOf(plan.page),
              delivered: [],
              checks: [],
              ...(options.stack.provider === 'external'
                ? {
                    notChecked: `the ${options.stack.provider} provider runs no Alertmanager of the drill's, so the page was not checked`,
                  }
                : {}),
            },
          }
        : {}),
    };
  let stack: DrillStack | null = null;
  let stopLoad: (() => Promise<LoadSummary | null>) | null = null;
  let sampler: Sampler | null = null;
  let current: StepClock = new StepClock('preflight', 'start the stack');
  let interruptedBy: string | null = null;
  let aborted: AbortRecord | null = null;
  // On the chart and the live page the moment it is seen, not after rollback.
  const markAborted = (stop: AbortRecord) =>
    mark(context as DrillContext, 'aborted', new Date(stop.at));
  let rollbackRecords: RollbackRecord[] = [];
  let clientSessions: LoadSummary | null = null;
  let alertBlind = false;
  let operator: DrillResult['remediatedBy'] = options.manualRemediation
    ? { by: 'operator' }
    : { by: 'drill' };
  let firstMinutes: FirstMinutesItem[] | undefined;
  let targetRestarts: TargetRestart[] = [];
  // A stop (Ctrl-C, a stop condition) ends the user kinds' fault hosts: an apply of theirs
  // still running is over at once, and rollback asks fresh hosts.
  const endUserKinds = () => plan.faults.endHosts('the drill is stopping');
  options.signal.addEventListener('abort', endUserKinds, { once: true });

  try {
    events.emit({
      type: 'phase',
      scenario,
      step: 'setup',
      title: 'starting the stack',
      at: new Date().toISOString(),
    });
    if (plan.page && options.stack.provider !== 'external') {
      const receiverIn = options.stack.provider === 'docker' ? 'a container' : 'this machine';
      context.page = await openPage(plan.page, plan.time.timeScale, drillDir, log, receiverIn);
      if (context.page.drillConfig) {
        context.pageRecord!.drillConfig = context.page.drillConfig.shownAs;
        context.pageRecord!.checks.push({
          name: 'config loads',
          outcome: 'pass',
          message: `amtool check-config accepts ${plan.page.shownAs}`,
        });
      }
    } else if (context.pageRecord?.notChecked) {
      log(`page: ${context.pageRecord.notChecked}`);
    }
    const started = await startDrillStack(plan, options.stack, {
      ledger,
      shared,
      drillId,
      runId: options.runId,
      workDir,
      scaledRulesFile,
      ...(context.page?.drillConfig ? { alertmanagerConfig: context.page.drillConfig.text } : {}),
      ...(context.page?.containerInbox ? { containerInbox: context.page.containerInbox } : {}),
      ...(options.loadInWorker ? { loadWorkers: 1 } : {}),
      log,
    });
    stack = started.stack;
    stopLoad = started.stopLoad;
    if (options.signal.aborted) throw abortErrorOf(options.signal);
    sampler = new Sampler({
      prometheus: stack.prometheus,
      stack,
      alert: plan.alert.name,
      queries: plan.queries,
      clientRate: started.clientRate,
      intervalMs: Math.min(1000, plan.scrapeIntervalMs),
      scrapeIntervalMs: plan.scrapeIntervalMs,
      signal: options.signal,
      startedAt,
      stops: new StopWatch({
        prometheus: stack.prometheus,
        conditions: plan.stopWhen,
        ledgerDir: dirname(ledger.file),
        drillId,
        log,
      }),
      onStop: (stop) => {
        markAborted(stop);
        options.onStop?.(stop);
      },
      onRestart: (restart) =>
        log(
          `target: a new process (${restart.by === 'drill' ? "the drill's own restart" : restart.by === 'supervisor' ? 'its supervisor restarted it' : 'restarted, not by the drill'}): ${restart.how}`,
        ),
      onPoint: (point) => {
        timeline.push(point);
        events.emit({ type: 'sample', scenario, point });
      },
    });
    sampler.start();
    const drill: DrillContext = {
      ...context,
      stack,
      sampler,
      clientRate: started.clientRate,
      loadProgress: started.loadProgress,
    } as DrillContext;

    let pagePassed = false;
    for (const phase of phasesOf(
      plan,
      options.preflight !== false,
      options.manualRemediation === true,
      drill,
    )) {
      // A resolved notification only follows a page that was delivered.
      if (phase.name === 'resolved-page' && !pagePassed) continue;
      // And a page only follows an alert that fired (a blind alert goes on to verify).
      if (phase.name === 'page' && !context.markers.alertFiring) continue;
      current = new StepClock(phase.name, phase.title);
      sampler.setPhase(phase.name);
      events.emit({
        type: 'phase',
        scenario,
        step: phase.name,
        title: phase.title,
        at: new Date().toISOString(),
        ...boundOf(plan, phase.name),
      });
      const run = phase.name === 'verify' && drill.alertBlind ? verifyClients : phase.run;
      const step = await run(drill);
      // An action that failed on a target or a part of the stack that had just died: the
      // death is the cause (the target's a fail, a part's an error naming it).
      if (step.outcome === 'error') await sampler.confirmHealthy();
      steps.push(step);
      events.emit({ type: 'step-end', scenario, step });
      // A blind alert is a failure, but the remediation is still worth proving on the clients.
      // So is a page that did not arrive as it must: the alert itself fired.
      const goOn =
        step.outcome === 'pass' ||
        (step.name === 'expect' && drill.alertBlind) ||
        (step.name === 'page' && step.outcome === 'fail');
      if (step.name === 'page') pagePassed = step.outcome === 'pass';
      alertBlind = drill.alertBlind;
      firstMinutes = drill.firstMinutes;
      if (step.name === 'verify' && drill.operator) {
        const afterMs = Date.parse(step.endedAt) - Date.parse(drill.operator.promptedAt);
        operator = {
          by: 'operator',
          promptedAt: drill.operator.promptedAt,
          ...(step.outcome === 'pass' ? { recoveredAfterMs: afterMs } : {}),
        };
        if (step.outcome === 'pass')
          events.emit({ type: 'operator-recovered', scenario, afterMs, at: step.endedAt });
      }
      if (!goOn) break;
      sampler.assertHealthy();
    }
  } catch (error) {
    const { outcome, message } = classify(error);
    if (error instanceof DrillAbortedError) aborted = error.stop;
    else if (error instanceof InterruptedError) interruptedBy = error.signal;
    const step = current.end(outcome, message + targetDeathNote(error, plan.faults, shared));
    if (aborted) {
      step.aborted = true;
      markAborted(aborted);
    }
    steps.push(step);
    events.emit({ type: 'step-end', scenario, step });
  } finally {
    options.signal.removeEventListener('abort', endUserKinds);
    sampler?.setPhase('rollback');
    events.emit({
      type: 'phase',
      scenario,
      step: 'rollback',
      title: 'roll back every fault',
      at: new Date().toISOString(),
    });
    const rollback = await rollbackDrill({
      ledger,
      stack,
      stopLoad,
      sampler,
      log,
      faults: plan.faults,
    });
    plan.faults.endHosts();
    steps.push(rollback.step);
    events.emit({ type: 'step-end', scenario, step: rollback.step });
    if (rollback.step.outcome === 'pass') context.markers.rollbackDone = rollback.step.endedAt;
    await context.page?.close();
    rmSync(workDir, { recursive: true, force: true });
    targetRestarts = sampler?.target.all() ?? [];
    rollbackRecords = rollback.records;
    clientSessions = rollback.load;
    // A phase that turned the abort into its own outcome still stopped for it.
    aborted ??= sampler?.aborted ?? null;
  }

  const endedAt = new Date();
  // An aborted drill reached no verdict: never a pass, whatever its steps said so far.
  const outcome: Outcome = worstOutcome([
    ...steps.map((s) => s.outcome),
    ...(aborted ? ['error' as const] : []),
  ]);
  const deciding = steps.find((s) => s.outcome === outcome && s.outcome !== 'pass');
  const sessions = clientSessions ? summarizeSessions(clientSessions) : null;
  const turnedAway = sessions
    ? doorRefusal(sessions, shared.get(SOURCE_POOL_UNAVAILABLE_KEY) as string | undefined)
    : null;
  const result: DrillResult = {
    scenario,
    file: plan.shownAs,
    description: plan.scenario.description,
    ...(plan.scenario.cause ? { cause: plan.scenario.cause } : {}),
    outcome,
    ...(aborted ? { aborted } : {}),
    ...(plan.stopWhen.length > 0
      ? { stopWhen: plan.stopWhen.map(({ name, query }) => ({ name, query })) }
      : {}),
    message: verdict(
      aborted
        ? `aborted: ${aborted.reason}; ${context.markers.rollbackDone ? 'every fault was rolled back' : 'the rollback was incomplete (see its step)'}`
        : interruptedBy
          ? `interrupted by ${interruptedBy}; every fault was rolled back`
          : deciding
            ? `${deciding.name}: ${deciding.message}`
            : `the alert fired, the remediation worked, the verification passed and every fault was rolled back`,
      turnedAway,
    ),
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    plan: planSummary(plan),
    steps,
    timeline,
    markers: context.markers,
    faults: context.faults,
    remediations: context.remediations,
    rollback: rollbackRecords,
    ...(alertBlind ? { alertBlind: true } : {}),
    ...(targetRestarts.length > 0 ? { targetRestarts } : {}),
    remediatedBy: operator,
    ...(options.runbook && plan.scenario.runbook
      ? {
          runbook: {
            file: options.runbook.file,
            links: runbookLinks(options.runbook, plan.scenario.runbook.section),
          },
        }
      : {}),
    ...(firstMinutes ? { firstMinutes } : {}),
    ...(context.pageRecord ? { page: context.pageRecord } : {}),
    ...(sessions ? { clientSessions: sessions } : {}),
    rules: { file: plan.alert.shownAs, scaledFile: displayPath(scaledRulesFile), text: rulesText },
    stack: stack?.describe() ?? {},
  };
  try {
    writeFileSync(join(drillDir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    // A full disk must not cost the verdict or the rollback: the run says so, and exits 3.
    result.reportProblems = [`${scenario}/result.json: ${(error as Error).message}`];
  }
  try {
    answerStopRequest(dirname(ledger.file), drillId, result.message, rollbackRecords);
  } catch (error) {
    // The drill is over and rolled back: a `chaos stop` left unanswered waits out its bound.
    log(`chaos stop: its request could not be answered: ${(error as Error).message}`);
  }
  events.emit({ type: 'drill-end', result });
  return result;
}
