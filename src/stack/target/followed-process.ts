// The process of a target the drill did not start (--target-pid), followed through
// restarts it did not make: when that process exits, whichever process listens on the
// target's stream port is the target from then on. Each change is recorded with its time,
// and the hooks of faults that follow the process (a cgroup) run for the new one, as they
// do after the drill's own restarts.

import { listeningPid } from '../../proc/listening-process.js';
import { identify, isSameProcessAlive, type ProcessIdentity } from '../process/proc-identity.js';
import type { TargetRestart } from '../../result/run-result.js';

export class FollowedProcess {
  private current: ProcessIdentity | null;
  /** The process seen last, while none serves the port (so a successor names what it replaced). */
  private previous: ProcessIdentity | null = null;
  private readonly hooks: ((identity: ProcessIdentity) => Promise<void>)[] = [];
  readonly restarts: TargetRestart[] = [];

  constructor(
    first: ProcessIdentity,
    private readonly port: number,
    private readonly log: (message: string) => void = () => {},
    private readonly findListener: (port: number) => number | null = listeningPid,
  ) {
    this.current = first;
  }

  /** The target's process now: the one given, or the one that took its port; null while none. */
  process(): ProcessIdentity | null {
    if (this.current && isSameProcessAlive(this.current)) return this.current;
    if (this.current) {
      this.log(`target: pid ${this.current.pid} exited, and the drill did not end it`);
      this.previous = this.current;
      this.current = null;
    }
    const pid = this.findListener(this.port);
    const next = pid === null ? null : identify(pid);
    if (!next) return null;
    const before = this.previous;
    const how = `${before ? `pid ${before.pid} exited; ` : ''}pid ${next.pid} listens on :${this.port} now`;
    this.restarts.push({
      at: new Date().toISOString(),
      by: 'not the drill',
      how,
      ...(before ? { fromPid: before.pid } : {}),
      toPid: next.pid,
    });
    this.log(`target: restarted, not by the drill: ${how}`);
    this.current = next;
    this.previous = null;
    for (const hook of this.hooks) {
      void hook(next).catch((error: unknown) =>
        this.log(`target: could not follow pid ${next.pid}: ${(error as Error).message}`),
      );
    }
    return next;
  }

  /** A fault that follows the process (its cgroup) moves the new one in, as after a rollout. */
  onRestart(hook: (identity: ProcessIdentity) => Promise<void>): void {
    this.hooks.push(hook);
  }
}
