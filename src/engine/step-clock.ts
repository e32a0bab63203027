// Times a step and builds its result, so every phase reports the same fields.

import type { Outcome } from './outcome.js';
import type { Evidence, StepName, StepResult } from './run-result.js';

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

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatRate(value: number | null): string {
  return value === null ? 'no data' : `${value.toFixed(2)} %`;
}
