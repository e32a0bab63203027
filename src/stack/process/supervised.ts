// Every child the framework starts goes through here: spawned with a parent-death
// signal where the machine allows (so a SIGKILLed `chaos` leaves no orphans), its
// stderr tail kept for error messages, and stopped with SIGTERM then SIGKILL.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { withoutSecrets } from './child-env.js';
import { commandLine, identify, type ProcessIdentity } from './proc-identity.js';

export interface SpawnOptions {
  /** Short name used in messages: "prometheus", "toxiproxy-server", "target". */
  name: string;
  command: string;
  args: string[];
  /**
   * The program and arguments the process ends up as, when `command` is a wrapper that
   * execs into it (`ip netns exec …`, `sh -c 'exec …'`): what the ledger records as its
   * command line, and what rollback checks before it signals the pid. Default
   * `[command, ...args]`.
   */
  becomes?: string[];
  /** Default: this process's, less the password variables (child-env.ts). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /** How many stderr lines to keep for error messages. */
  stderrTail?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What else is known of why (a container's engine: the OOM killer). */
  reason?: string;
}

const live = new Set<SupervisedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Normal exits and uncaught errors: take the children down with us.
  process.on('exit', () => {
    for (const child of live) child.killNow();
  });
}

let pdeathsigWrapper: string[] | null | undefined;

/** `setpriv --pdeathsig KILL --` when util-linux setpriv supports it, else nothing. */
function parentDeathWrapper(): string[] | null {
  if (pdeathsigWrapper !== undefined) return pdeathsigWrapper;
  // Crash-recovery tests turn it off, so children outlive a killed `chaos` as they do
  // where setpriv is missing, and `chaos rollback` must end them itself.
  if (process.env.CHAOS_NO_PDEATHSIG === '1') return (pdeathsigWrapper = null);
  const probe = spawnSync('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore' });
  pdeathsigWrapper = probe.status === 0 ? ['setpriv', '--pdeathsig', 'KILL', '--'] : null;
  return pdeathsigWrapper;
}

export class SupervisedProcess {
  readonly name: string;
  readonly identity: ProcessIdentity;
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private exitInfo: ExitInfo | null = null;
  private readonly tailSize: number;

  private constructor(options: SpawnOptions, child: ChildProcess, identity: ProcessIdentity) {
    this.name = options.name;
    this.child = child;
    this.identity = identity;
    this.tailSize = options.stderrTail ?? 30;
    this.exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this);
        resolve(this.exitInfo);
      });
    });
    if (child.stdout) {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => options.onStdoutLine?.(line));
    }
    if (child.stderr) {
      const lines = createInterface({ input: child.stderr });
      lines.on('line', (line) => {
        this.tail.push(line);
        if (this.tail.length > this.tailSize) this.tail.shift();
        options.onStderrLine?.(line);
      });
    }
  }

  static async start(options: SpawnOptions): Promise<SupervisedProcess> {
    installExitHook();
    const wrapper = parentDeathWrapper();
    const [command, ...args] = wrapper
      ? [...wrapper, options.command, ...options.args]
      : [options.command, ...options.args];
    const child = spawn(command!, args, {
      env: options.env ?? withoutSecrets(process.env),
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C at the terminal reaches `chaos` alone, which
      // then rolls back in order instead of watching its stack die under it.
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject(new Error(`could not start ${options.name} (${options.command}): ${error.message}`)),
      );
    });
    const pid = child.pid!;
    // setpriv and the wrappers exec in place, so the pid is the program's own; its command
    // line is the program's once they have, which may not be yet, so it is not read here.
    const startTime = identify(pid)?.startTime ?? -1;
    const becomes = options.becomes ?? [options.command, ...options.args];
    const identity = { pid, startTime, command: commandLine(becomes) };
    const supervised = new SupervisedProcess(options, child, identity);
    live.add(supervised);
    return supervised;
  }

  get pid(): number {
    return this.identity.pid;
  }

  get exit(): ExitInfo | null {
    return this.exitInfo;
  }

  /** The last lines the process wrote to stderr, for error messages. */
  stderrTail(lines = 8): string {
    return this.tail.slice(-lines).join('\n');
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exitInfo === null) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 5000): Promise<ExitInfo> {
    if (this.exitInfo) return this.exitInfo;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    // Bounded even after SIGKILL: a process stuck in the kernel (state D) must not hang teardown.
    let giveUp: NodeJS.Timeout | undefined;
    const stuck = new Promise<ExitInfo>((resolve) => {
      giveUp = setTimeout(() => resolve({ code: null, signal: 'SIGKILL' }), graceMs + 5000);
    });
    try {
      return await Promise.race([this.exited, stuck]);
    } finally {
      clearTimeout(timer);
      clearTimeout(giveUp);
    }
  }

  /** Synchronous last resort from the exit hook. */
  killNow(): void {
    if (this.exitInfo === null) this.child.kill('SIGKILL');
  }
}

/** "exited with code 1" / "was killed by SIGKILL" */
export function describeExit(info: ExitInfo): string {
  const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
  return info.reason ? `${how} (${info.reason})` : how;
}
