// Times a step and builds its result, so every phase reports the same fields.

import type { Outcome } from '../result/outcome.js';
import type { Evidence, StepName, StepResult } from '../result/run-result.js';

export class StepClock {
  readonly startedAt = new Date();
  readonly evidence: Evidence[] = [];

  constructor(
    readonly name: StepName,
    readonly title: string,
    readonly boundMs?: number,
  ) {}

  elapsedMs(): number {
    return Date.now() - this.startedAt.getTime();
  }

  end(outcome: Outcome, message: string, diagnosis?: string): StepResult {
    const endedAt = new Date();
    return {
      name: this.name,
      title: this.title,
      outcome,
      startedAt: this.startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs: endedAt.getTime() - this.startedAt.getTime(),
      ...(this.boundMs !== undefined ? { boundMs: this.boundMs } : {}),
      message,
      ...(diagnosis ? { diagnosis } : {}),
      evidence: this.evidence,
    };
  }
}

export { formatMs, formatRate } from '../result/format.js';
