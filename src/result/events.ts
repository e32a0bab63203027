// Progress events: the console, the live page and tests subscribe; the run result is
// built independently, so a failing listener never loses the verdict.

import type {
  DrillResult,
  MarkerName,
  RunResult,
  StepName,
  StepResult,
  TimelinePoint,
} from './run-result.js';

export type DrillEvent =
  | { type: 'run-start'; runId: string; reportDir: string; drills: string[] }
  | { type: 'drill-start'; scenario: string; description: string; theoreticalMinimumMs: number }
  | {
      type: 'phase';
      scenario: string;
      step: StepName | 'setup' | 'teardown';
      title: string;
      boundMs?: number;
      at: string;
    }
  | { type: 'sample'; scenario: string; point: TimelinePoint }
  | { type: 'step-end'; scenario: string; step: StepResult }
  | { type: 'marker'; scenario: string; marker: MarkerName; at: string }
  | { type: 'log'; scenario?: string; message: string; at: string }
  | {
      /** Game day: the alert fired; the drill waits for an operator to remediate. */
      type: 'awaiting-operator';
      scenario: string;
      /** The runbook's remediation for this fault, markdown-ish text. */
      remediation: string;
      boundMs: number;
      at: string;
    }
  | { type: 'operator-recovered'; scenario: string; afterMs: number; at: string }
  | { type: 'drill-end'; result: DrillResult }
  | { type: 'run-end'; result: RunResult };

export type DrillListener = (event: DrillEvent) => void;

/** Fans events out; a listener that throws is reported once and then ignored. */
export class EventHub {
  private readonly listeners = new Set<DrillListener>();

  on(listener: DrillListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: DrillEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.listeners.delete(listener);
        process.stderr.write(
          `chaos: a progress listener failed and was removed: ${(error as Error).message}\n`,
        );
      }
    }
  }
}
