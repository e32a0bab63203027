// When a passing check counts as a recovery: only once the verification query's window
// holds nothing from before the remediation, nor from before the target's newest
// process started. Before that the window mixes two regimes, and a restarted target's
// new counters can read under the threshold for a few seconds whatever the fault still
// does: a pass then is a moment, not a recovery.

import { formatMs, formatRate } from './step-clock.js';

export class RecoveryWatch {
  /** The first pass that came too early to count, kept so a failure can name it. */
  private early: { atMs: number; rate: number | null } | null = null;
  /** Set when the target's process changed after the remediation. */
  private restartedAtMs: number | null = null;

  constructor(
    private readonly remediatedAtMs: number,
    private readonly windowMs: number,
  ) {}

  /** The first moment a pass counts. */
  get judgedFromMs(): number {
    return Math.max(this.remediatedAtMs, this.restartedAtMs ?? 0) + this.windowMs;
  }

  /** The target's newest process started at `atMs` (null: none since the first). */
  newProcessAt(atMs: number | null): void {
    if (atMs !== null && atMs > this.remediatedAtMs) this.restartedAtMs = atMs;
  }

  /** Whether every check passing at `at` is a recovery (true) or not (yet). */
  observe(at: Date, rate: number | null, everyCheckPasses: boolean): boolean {
    if (!everyCheckPasses) return false;
    if (at.getTime() >= this.judgedFromMs) return true;
    this.early ??= { atMs: at.getTime(), rate };
    return false;
  }

  /** For a failed verify: the early pass that did not hold, or ''. */
  earlyPassNote(): string {
    if (!this.early) return '';
    const since =
      this.restartedAtMs !== null && this.restartedAtMs <= this.early.atMs
        ? `before the target's new process started (${formatMs(this.early.atMs - this.restartedAtMs)} earlier)`
        : 'before the remediation';
    return `; it passed ${formatMs(this.early.atMs - this.remediatedAtMs)} after the remediation (server ${formatRate(this.early.rate)}), while its ${formatMs(this.windowMs)} window still held time from ${since}, and did not pass once the window held only the remediated time${this.restartedAtMs !== null ? ' of the new process' : ''}`;
  }
}
