// The reference target as the drill sees it across restarts: one handle whose process
// may be replaced (a rollout with new settings), on the same ports and in the same
// namespace, with hooks so faults that follow the process (a cgroup) re-apply.

import type { ProcessIdentity } from '../process/proc-identity.js';
import type { ExitInfo, SupervisedProcess } from '../process/supervised.js';
import { portsOf, startReferenceTarget, type ReferenceTarget } from './reference-target.js';
import type { Placement } from '../placement.js';

export class ManagedTarget {
  private restarting = false;
  private readonly hooks: ((identity: ProcessIdentity) => Promise<void>)[] = [];

  private constructor(
    private current: ReferenceTarget,
    private env: Record<string, string>,
    private readonly placement: Placement,
    private readonly track: (process: SupervisedProcess) => void,
  ) {}

  static async start(
    env: Record<string, string>,
    placement: Placement,
    track: (process: SupervisedProcess) => void,
  ): Promise<ManagedTarget> {
    const first = await startReferenceTarget({ env, placement });
    track(first.process);
    return new ManagedTarget(first, env, placement, track);
  }

  get endpoints(): ReferenceTarget {
    return this.current;
  }

  get process(): SupervisedProcess {
    return this.current.process;
  }

  /** How the running process ended; null while it runs or while a restart is under way. */
  exit(): ExitInfo | null {
    return this.restarting ? null : this.current.process.exit;
  }

  onRestart(hook: (identity: ProcessIdentity) => Promise<void>): void {
    this.hooks.push(hook);
  }

  /** Stops the process (SIGTERM, as a rollout does) and starts it again with `env` added. */
  async restart(env: Record<string, string>): Promise<ProcessIdentity> {
    this.restarting = true;
    try {
      const ports = portsOf(this.current);
      await this.current.process.stop(5000);
      this.env = { ...this.env, ...env };
      const next = await startReferenceTarget({ env: this.env, ports, placement: this.placement });
      this.track(next.process);
      this.current = next;
      for (const hook of this.hooks) await hook(next.process.identity);
      return next.process.identity;
    } finally {
      this.restarting = false;
    }
  }
}
