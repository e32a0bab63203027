// The target's identity through the whole drill: the restarts the stack knows of (its
// own rollouts, a supervisor's, a followed process that another took over) and, for a
// target known only by its metrics, a new `instance_id` in place of the one before. A
// restart is a new process with fresh counters: recovery is judged only over its time.

import type { TargetRestart } from '../result/run-result.js';

export class TargetWatch {
  private instances: Set<string> | null = null;
  private readonly seenInMetrics: TargetRestart[] = [];
  private readonly reported = new Set<TargetRestart>();

  /**
   * @param known the stack's own record of restarts (every call reads it anew)
   * @param sameRestartMs a new instance seen this long after a known restart is that restart
   */
  constructor(
    private readonly known: () => readonly TargetRestart[],
    private readonly sameRestartMs: number,
  ) {}

  /** The instance ids the target's metrics carry now; a new one replacing another is a restart. */
  observeInstances(ids: readonly string[], at: Date): void {
    if (ids.length === 0) return; // a scrape missed, or no series yet: nothing to compare
    const now = new Set(ids);
    const before = this.instances;
    this.instances = now;
    if (!before) return;
    const added = [...now].filter((id) => !before.has(id));
    if (added.length === 0) return;
    const gone = [...before].filter((id) => !now.has(id));
    this.seenInMetrics.push({
      at: at.toISOString(),
      by: 'not the drill',
      how: `its metrics carry instance_id ${added.join(', ')}${gone.length > 0 ? ` instead of ${gone.join(', ')}` : ' beside the one before'}`,
    });
  }

  /**
   * Every restart so far, in time order. A new instance seen in the metrics close to a
   * restart the stack knows of (before or after it: a scrape can come first) is that one.
   */
  all(): TargetRestart[] {
    const known = this.known();
    const near = (restart: TargetRestart) =>
      known.some((k) => Math.abs(Date.parse(k.at) - Date.parse(restart.at)) <= this.sameRestartMs);
    return [...known, ...this.seenInMetrics.filter((r) => !near(r))].sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at),
    );
  }

  /** The restarts not handed out yet (for the progress log). */
  takeNew(): TargetRestart[] {
    const fresh = this.all().filter((r) => !this.reported.has(r));
    for (const restart of fresh) this.reported.add(restart);
    return fresh;
  }

  /** When the newest process started, or null when the first one still runs. */
  lastRestartMs(): number | null {
    const last = this.all().at(-1);
    return last ? Date.parse(last.at) : null;
  }
}
