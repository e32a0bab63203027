// `chaos load` as a child process, the way the drill stack starts it: read its JSON
// lines, signal it by pid, and always kill it in teardown. Every wait is bounded.

import { type ChildProcess, spawn } from 'node:child_process';
import { chaosBin } from '../../../src/paths.js';

export class ChildLoad {
  stdout = '';
  stderr = '';
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static start(args: string[], env: NodeJS.ProcessEnv = {}): ChildLoad {
    return new ChildLoad(
      spawn(process.execPath, [chaosBin, 'load', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The complete stdout lines once there are at least `count`, parsed as JSON. */
  async jsonLines(count: number, boundMs = 60_000): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + boundMs;
    for (;;) {
      const lines = this.stdout.split('\n').slice(0, -1);
      if (lines.length >= count)
        return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      if (!this.running)
        throw new Error(`chaos load exited before printing ${count} lines; stderr: ${this.stderr}`);
      if (Date.now() > deadline)
        throw new Error(
          `chaos load printed no ${count} lines within ${boundMs} ms; stderr: ${this.stderr}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async exited(boundMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`chaos load did not exit within ${boundMs} ms`)),
        boundMs,
      ).unref(),
    );
    return Promise.race([this.exit, timeout]);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.pid, signal);
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    process.kill(this.pid, 'SIGKILL');
    await this.exited(10_000).catch(() => {});
  }
}
