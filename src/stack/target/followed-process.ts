// The process of a target the drill did not start (--target-pid), followed through
// restarts it did not make: when that process exits, the process that listens on the
// target's stream port next is the target from then on, if it runs the same program (a
// proxy or another service taking the port is not the target, and no fault touches it).
// Each change is recorded with its time, and the hooks of faults that follow the process
// (a cgroup) run for the new one, as after the drill's own restarts; a hook that fails is
// recorded on the restart, since the fault then no longer holds.

import { readlinkSync } from 'node:fs';
import { listeningPid } from '../../proc/listening-process.js';
import { identify, isSameProcessAlive, type ProcessIdentity } from '../process/proc-identity.js';
import type { TargetRestart } from '../../result/run-result.js';

/** The program a process runs (its executable), or null when it cannot be read. */
function programOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

export class FollowedProcess {
  private current: ProcessIdentity | null;
  /** The process seen last, while none serves the port (so a successor names what it replaced). */
  private previous: ProcessIdentity | null = null;
  private readonly program: string | null;
  /** A process on the port that is not the target's program, said once. */
  private stranger: number | null = null;
  private readonly hooks: ((identity: ProcessIdentity) => Promise<void>)[] = [];
  readonly restarts: TargetRestart[] = [];

  constructor(
    first: ProcessIdentity,
    private readonly port: number,
    private readonly log: (message: string) => void = () => {},
    private readonly findListener: (port: number) => number | null = listeningPid,
    private readonly programAt: (pid: number) => string | null = programOf,
  ) {
    this.current = first;
    this.program = programAt(first.pid);
  }

  /** The target's process now: the one given, or its successor on the port; null while none. */
  process(): ProcessIdentity | null {
    if (this.current && isSameProcessAlive(this.current)) return this.current;
    if (this.current) {
      this.log(`target: pid ${this.current.pid} exited, and the drill did not end it`);
      this.previous = this.current;
      this.current = null;
    }
    const pid = this.findListener(this.port);
    const next = pid === null ? null : identify(pid);
    if (!next || next.pid === this.stranger) return null;
    const before = this.previous;
    const program = this.programAt(next.pid);
    if (this.program !== null && program !== this.program) {
      this.stranger = next.pid;
      this.restarts.push({
        at: new Date().toISOString(),
        by: 'not the drill',
        how: `pid ${next.pid} listens on :${this.port} now, but runs ${program ?? 'a program this user cannot read'}, not ${this.program}: the drill does not take it for the target and acts on nothing there`,
        ...(before ? { fromPid: before.pid } : {}),
        toPid: next.pid,
        problem: 'another program serves the target port',
      });
      this.log(`target: ${this.restarts.at(-1)!.how}`);
      return null;
    }
    const restart: TargetRestart = {
      at: new Date().toISOString(),
      by: 'not the drill',
      how: `${before ? `pid ${before.pid} exited; ` : ''}pid ${next.pid} listens on :${this.port} now`,
      ...(before ? { fromPid: before.pid } : {}),
      toPid: next.pid,
    };
    this.restarts.push(restart);
    this.log(`target: restarted, not by the drill: ${restart.how}`);
    this.current = next;
    this.previous = null;
    for (const hook of this.hooks) {
      // Whatever a hook does (throw at once or later), the sampler that asked goes on.
      void Promise.resolve()
        .then(() => hook(next))
        .catch((error: unknown) => {
          restart.problem = `a fault could not follow the new process: ${(error as Error).message}`;
          this.log(`target: ${restart.problem}`);
        });
    }
    return next;
  }

  /** A fault that follows the process (its cgroup) moves the new one in, as after a rollout. */
  onRestart(hook: (identity: ProcessIdentity) => Promise<void>): void {
    this.hooks.push(hook);
  }
}
