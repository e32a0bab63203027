// The one serializable result of a run (Chaos Toolkit's journal): every reporter reads
// it, none adds to it. journal.json is this object.

import type { AgesAtClose } from '../load/metrics/ages-at-close.js';
import type { Outcome } from './outcome.js';

// The steps are the scenario's vocabulary too (a runbook names them): defined there.
export type { StepName } from '../scenario/step-name.js';
import type { StepName } from '../scenario/step-name.js';

export interface QueryEvidence {
  kind: 'query';
  /** What the query was for: "drop rate", "verification query". */
  label: string;
  query: string;
  at: string;
  /** Samples returned: labels and value (NaN and ±Inf kept as strings in JSON). */
  result: { labels: Record<string, string>; value: number | string }[];
  note?: string;
}

export interface AlertEvidence {
  kind: 'alert';
  alert: string;
  state: 'inactive' | 'pending' | 'firing' | 'not-loaded';
  at: string;
  activeAt?: string;
  value?: string;
}

export interface ActionEvidence {
  kind: 'action';
  role: 'fault' | 'remediation';
  summary: string;
  how: string;
  at: string;
  details: Record<string, unknown>;
}

export interface NoteEvidence {
  kind: 'note';
  text: string;
}

export type Evidence = QueryEvidence | AlertEvidence | ActionEvidence | NoteEvidence;

export interface StepResult {
  name: StepName;
  /** The check in the runbook's words: "alert TickStormConnectionDropRate fires". */
  title: string;
  outcome: Outcome;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** The bound the step had, when it waited for something. */
  boundMs?: number;
  /** One line saying why it ended the way it did. */
  message: string;
  /** Where it can: which sub-expression lost its series, which labels failed to match. */
  diagnosis?: string;
  evidence: Evidence[];
  /** Cut short by the user's stop (DrillResult.aborted says why): not the framework's error. */
  aborted?: true;
}

/** One point of the drop-rate timeline, for charts. Rates in percent; null = no value. */
export interface TimelinePoint {
  t: string;
  elapsedMs: number;
  phase: StepName | 'setup' | 'report';
  serverDropRate: number | null;
  clientDropRate: number | null;
  alertState: AlertEvidence['state'] | 'unknown';
}

export type MarkerName =
  | 'faultApplied'
  | 'alertPending'
  | 'alertFiring'
  | 'pageSent'
  | 'remediationApplied'
  | 'verificationPassed'
  | 'alertResolved'
  | 'pageResolved'
  | 'aborted'
  | 'rollbackDone';

/**
 * A new target process where there was another: by the drill (a remediation's rollout),
 * by a supervisor, or by someone else (an operator, an orchestrator). The drill notices
 * each one, says who made it, and counts a recovery only over the new process's time.
 */
export interface TargetRestart {
  at: string;
  by: 'drill' | 'supervisor' | 'not the drill';
  /** What was seen: "pid 812 exited; pid 901 listens on :8080 now". */
  how: string;
  /** The process before and after, when known. */
  fromPid?: number;
  toPid?: number;
  /**
   * Why the fault may no longer hold from here: a fault that follows the process could not
   * move into the new one, or another program took the target's port.
   */
  problem?: string;
}

/**
 * Why a drill stopped before its own end, on the user's signal: a stop condition that held
 * (its value(s) and when), or `chaos stop`. Every fault is rolled back all the same; an
 * aborted drill is never a pass, and the run exits Aborted.
 */
export interface AbortRecord {
  by: 'stop condition' | 'chaos stop';
  /** One line: `stop condition "X" held at T: {labels} 1` or `stopped by \`chaos stop\` (pid N)`. */
  reason: string;
  at: string;
  /** The condition that held, as written, and the samples it returned. */
  condition?: { name: string; query: string };
  values?: QueryEvidence['result'];
  /** Set when another drill of the run saw it: this one stopped with it. */
  seenBy?: string;
}

/** One ledger entry undone, or not: faults/rollback.ts makes them. */
export type { RollbackRecord } from '../faults/rollback.js';
import type { RollbackRecord } from '../faults/rollback.js';

export interface DrillResult {
  scenario: string;
  file: string;
  description: string;
  cause?: string;
  outcome: Outcome;
  /** Set when the drill stopped early on the user's signal (its outcome is then never pass). */
  aborted?: AbortRecord;
  /** The stop conditions the drill watched (the scenario's, then --stop-when's), as it ran them. */
  stopWhen?: { name: string; query: string }[];
  /** One line: why the drill ended the way it did. */
  message: string;
  /** Its own result.json could not be written (a full disk): the run then exits 3. */
  reportProblems?: string[];
  startedAt: string;
  endedAt: string;
  durationMs: number;
  plan: PlanSummary;
  steps: StepResult[];
  timeline: TimelinePoint[];
  markers: Partial<Record<MarkerName, string>>;
  faults: ActionEvidence[];
  remediations: ActionEvidence[];
  rollback: RollbackRecord[];
  /** Who remediated: the drill's own actions, or an operator (game-day mode), and how long recovery took. */
  remediatedBy?: { by: 'drill' | 'operator'; promptedAt?: string; recoveredAfterMs?: number };
  /** The runbook attached with --runbook: the section each step follows. */
  runbook?: {
    file: string;
    links: Partial<Record<StepName, { title: string; anchor: string; line: number }>>;
  };
  /** True when the alert could not see the cause: clients saw drops its series never counted. */
  alertBlind?: boolean;
  /** Every new target process during the drill, with its time and who made it. */
  targetRestarts?: TargetRestart[];
  /** Every session the load ran, as the clients saw it (the drop rate's ground truth). */
  clientSessions?: {
    started: number;
    /** Sessions that finished connect, AUTH and SUBSCRIBE. */
    handshakes: number;
    /** Reached their lifetime. */
    completed: number;
    /** Cut short by the drill's end (the load stops with the drill). */
    interrupted: number;
    dropped: number;
    droppedByReason: Record<string, number>;
    /** The first detail seen for each drop reason. */
    examples: Record<string, string>;
    /** Per drop reason, how old its sessions were when they ended, and the one age they
     *  all ended at when they did (absent in journals written before it was kept). */
    agesAtClose?: Record<string, AgesAtClose>;
  };
  rules: { file: string; scaledFile: string; text: string };
  stack: Record<string, string>;
  /** The runbook's first minutes, captured when the alert fired. */
  firstMinutes?: FirstMinutesItem[];
  /** The page: where the alert went through Alertmanager and what arrived. */
  page?: PageRecord;
}

/** One delivery check, with the four outcomes. */
export interface PageCheck {
  name:
    | 'config loads'
    | 'delivered'
    | 'receiver'
    | 'labels'
    | 'annotations'
    | 'time to notify'
    | 'resolved';
  outcome: Outcome;
  message: string;
}

export interface DeliveredPage {
  receivedAt: string;
  /** The receiver the user's config meant it for. */
  meantFor: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The other alerts grouped into the same notification. */
  groupedWith: number;
}

export interface PageRecord {
  /** The user's Alertmanager config, as given. */
  config: string;
  /** The rewritten copy the drill ran (time-scaled, the drill's webhook as every receiver). */
  drillConfig?: string;
  /** The receiver the page must reach. */
  receiver: string;
  /** Whether a resolved notification must follow (the receiver sends them, or the scenario asks). */
  resolvedExpected: boolean;
  /** Why the page was not checked (a provider without Alertmanager); absent when checked. */
  notChecked?: string;
  /** The route the alert took: receiver and matched path, from its labels as delivered. */
  route?: { receiver: string; trail: string; groupWait: string };
  delivered: DeliveredPage[];
  checks: PageCheck[];
  timeToNotify?: { fromFaultMs?: number; fromFiringMs?: number };
  /** From the alert resolving in Prometheus to the resolved notification. */
  resolvedAfterMs?: number;
}

/** One thing the runbook's first minutes look at, and what it showed. */
export interface FirstMinutesItem {
  title: string;
  /** The command, file or query used. */
  how: string;
  available: boolean;
  value?: string;
  /** Why it could not be obtained. */
  reason?: string;
}

export interface PlanSummary {
  timeScale: number;
  profile: string;
  alert: string;
  threshold: number;
  ruleWindowMs: number;
  forMs: number;
  evaluationIntervalMs: number;
  scrapeIntervalMs: number;
  baselineMs: number;
  expectWithinMs: number;
  verifyWithinMs: number;
  /** Verify counts a pass only this long after the remediation (the query's window). */
  verifyWindowMs: number;
  theoreticalMinimumMs: number;
  queries: { alert: string; dropRate: string; clientDropRate: string; verify: string };
}

export interface RunResult {
  runId: string;
  tool: { name: string; version: string };
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: Outcome;
  exitCode: number;
  interrupted: boolean;
  /** True when a drill was aborted by a stop condition or `chaos stop` (exit code Aborted). */
  aborted?: boolean;
  reportDir: string;
  host: { hostname: string; platform: string; node: string };
  drills: DrillResult[];
  /** Leftovers of earlier crashed runs undone before this one started. */
  recovered: RollbackRecord[];
  /**
   * Set once the reports are written, so never in the journal itself: the files that
   * exist and what kept the others from being written (then the exit code is 3).
   */
  reports?: { written: string[]; problems: string[] };
}
