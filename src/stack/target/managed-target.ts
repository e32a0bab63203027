// The reference target as the drill sees it across restarts: one handle whose process
// may be replaced (a rollout with new settings), on the same ports and in the same
// namespace, with hooks so faults that follow the process (a cgroup) re-apply. With a
// supervisor (as systemd or Kubernetes would be), a target that dies is started again.

import type { ProcessIdentity } from '../process/proc-identity.js';
import { describeExit, type ExitInfo, type SupervisedProcess } from '../process/supervised.js';
import { portsOf, startReferenceTarget, type ReferenceTarget } from './reference-target.js';
import type { Placement } from '../placement.js';
import type { TargetRestart } from '../../result/run-result.js';

export interface ManagedTargetOptions {
  env: Record<string, string>;
  placement: Placement;
  /** Every target process, first and restarted, as soon as it exists (before it is ready). */
  onSpawned: (process: SupervisedProcess) => void;
  /** Restart the target when it dies on its own, at most this many times. */
  supervisorRestarts?: number;
  log?: (message: string) => void;
}

export class ManagedTarget {
  private restarting = false;
  private stopping = false;
  private restartFailed = false;
  private restartsLeft: number;
  private readonly hooks: ((identity: ProcessIdentity) => Promise<void>)[] = [];
  private env: Record<string, string>;
  readonly restarts: TargetRestart[] = [];

  private constructor(
    private current: ReferenceTarget,
    private readonly options: ManagedTargetOptions,
  ) {
    this.env = options.env;
    this.restartsLeft = options.supervisorRestarts ?? 0;
    this.watch(current);
  }

  static async start(options: ManagedTargetOptions): Promise<ManagedTarget> {
    const first = await startReferenceTarget({
      env: options.env,
      placement: options.placement,
      onSpawned: options.onSpawned,
    });
    return new ManagedTarget(first, options);
  }

  get endpoints(): ReferenceTarget {
    return this.current;
  }

  get process(): SupervisedProcess {
    return this.current.process;
  }

  /**
   * How the running process ended; null while it runs, while a restart is under way, or
   * after a restart that failed: the process we stopped did not die, and the restart's
   * own error (the action's) is the cause to report.
   */
  exit(): ExitInfo | null {
    return this.restarting || this.restartFailed ? null : this.current.process.exit;
  }

  onRestart(hook: (identity: ProcessIdentity) => Promise<void>): void {
    this.hooks.push(hook);
  }

  /** The stack is being torn down: a death from now on is expected. */
  stopSupervising(): void {
    this.stopping = true;
  }

  /** Stops the process (SIGTERM, as a rollout does) and starts it again with `env` added. */
  async restart(env: Record<string, string>): Promise<ProcessIdentity> {
    this.restarting = true;
    const before = this.current.process.pid;
    try {
      await this.current.process.stop(5000);
      const after = await this.startAgain(env);
      this.restarts.push({
        at: new Date().toISOString(),
        by: 'drill',
        how: `the drill's rollout: pid ${before} stopped, pid ${after.pid} started`,
        fromPid: before,
        toPid: after.pid,
      });
      return after;
    } catch (error) {
      this.restartFailed = true;
      throw error;
    } finally {
      this.restarting = false;
    }
  }

  private async startAgain(env: Record<string, string>): Promise<ProcessIdentity> {
    const ports = portsOf(this.current);
    this.env = { ...this.env, ...env };
    const next = await startReferenceTarget({
      env: this.env,
      ports,
      placement: this.options.placement,
      onSpawned: this.options.onSpawned,
    });
    this.current = next;
    this.watch(next);
    for (const hook of this.hooks) await hook(next.process.identity);
    return next.process.identity;
  }

  /** A death nobody asked for: the supervisor, if any, starts the target again. */
  private watch(target: ReferenceTarget): void {
    void target.process.exited.then(async (info) => {
      if (this.restarting || this.stopping || this.current !== target || this.restartsLeft <= 0)
        return;
      this.restartsLeft -= 1;
      this.restarting = true;
      this.options.log?.(
        `target (pid ${target.process.pid}) ${describeExit(info)}; its supervisor restarts it`,
      );
      try {
        const identity = await this.startAgain({});
        this.restarts.push({
          at: new Date().toISOString(),
          by: 'supervisor',
          how: `pid ${target.process.pid} ${describeExit(info)}; its supervisor started pid ${identity.pid}`,
          fromPid: target.process.pid,
          toPid: identity.pid,
        });
        this.options.log?.(`target restarted by its supervisor as pid ${identity.pid}`);
      } catch (error) {
        this.options.log?.(
          `the supervisor could not restart the target: ${(error as Error).message}`,
        );
      } finally {
        this.restarting = false;
      }
    });
  }
}
