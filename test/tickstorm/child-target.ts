// Runs `chaos target` as a child process, the way the drill stack does, and reads its
// announcement. Every wait is bounded; `stop` ends the child by its own pid.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chaosBin } from '../../src/paths.js';

export interface ReadyLine {
  event: 'ready';
  pid: number;
  instanceId: string;
  stream: string;
  metrics: string;
  health: string;
}

export class ChildTarget {
  stdout = '';
  stderr = '';
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.exit = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  }

  static start(args: string[], env: NodeJS.ProcessEnv = {}): ChildTarget {
    const child = spawn(process.execPath, [chaosBin, 'target', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ChildTarget(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until stdout holds `lines` complete lines, or the child exits, within `boundMs`. */
  async stdoutLines(lines: number, boundMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + boundMs;
    for (;;) {
      const complete = this.stdout.split('\n').slice(0, -1);
      if (complete.length >= lines) return complete;
      if (!this.running)
        throw new Error(
          `chaos target exited before printing ${lines} lines; stderr: ${this.stderr}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `chaos target printed no ${lines} lines within ${boundMs} ms; stderr: ${this.stderr}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async ready(boundMs?: number): Promise<ReadyLine> {
    const [line] = await this.stdoutLines(1, boundMs);
    return JSON.parse(line!) as ReadyLine;
  }

  /** Waits for the child to exit, within `boundMs`. */
  async exited(boundMs = 30_000) {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`chaos target did not exit within ${boundMs} ms`)),
        boundMs,
      ).unref(),
    );
    return Promise.race([this.exit, timeout]);
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', boundMs?: number) {
    if (this.running) process.kill(this.pid, signal);
    return this.exited(boundMs);
  }

  /** For afterEach: whatever happened, the child is gone afterwards. */
  async kill(): Promise<void> {
    if (!this.running) return;
    process.kill(this.pid, 'SIGKILL');
    await this.exited(10_000).catch(() => {});
  }
}

/** `127.0.0.1:8080` → { host, port }. */
export function hostPort(text: string): { host: string; port: number } {
  const cut = text.lastIndexOf(':');
  return {
    host: text.slice(0, cut).replace('[', '').replace(']', ''),
    port: Number(text.slice(cut + 1)),
  };
}
