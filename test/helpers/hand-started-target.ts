// A TickStorm the drill did not start, as a user runs one: `chaos target` started by hand
// (here, by the test) on ports of its own, given to `chaos run` with --target,
// --target-metrics and --target-pid. `restart` is the scripted operator's hand: it stops
// the process (SIGTERM) and starts a new one on the same ports, as a rollout would.

import { ChildTarget, hostPort, type ReadyLine } from '../tickstorm/child-target.js';

export class HandStartedTarget {
  private constructor(
    private child: ChildTarget,
    readonly ready: ReadyLine,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `asPublished`: the habits it shows (`none` for TickStorm as it should behave). */
  static async start(asPublished: string, env: NodeJS.ProcessEnv = {}): Promise<HandStartedTarget> {
    const args = [`--as-published=${asPublished}`, '--ready-json'];
    const child = ChildTarget.start(
      [...args, '--port', '0', '--metrics-port', '0', '--health-port', '0'],
      env,
    );
    return new HandStartedTarget(child, await child.ready(), args, env);
  }

  get pid(): number {
    return this.child.pid;
  }

  /** The flags that point `chaos run` at it. */
  runFlags(): string[] {
    return [
      '--target',
      this.ready.stream,
      '--target-metrics',
      this.ready.metrics,
      '--target-pid',
      String(this.child.pid),
      '--allow-process-changes',
    ];
  }

  /** Stop it as a rollout does and start a new process on the same ports with `env` added. */
  async restart(env: NodeJS.ProcessEnv = {}): Promise<void> {
    await this.child.stop('SIGTERM', 30_000);
    const ports = [
      '--port',
      String(hostPort(this.ready.stream).port),
      '--metrics-port',
      new URL(this.ready.metrics).port,
      '--health-port',
      new URL(this.ready.health).port,
    ];
    this.child = ChildTarget.start([...this.args, ...ports], { ...this.env, ...env });
    await this.child.ready();
  }

  get stderr(): string {
    return this.child.stderr;
  }

  async stop(): Promise<void> {
    await this.child.kill();
  }
}
