// Readiness as a small strategy: poll a check until it holds, within a bound, and
// say exactly what did not happen where (execa / testcontainers wait strategies).

import type { SupervisedProcess } from './supervised.js';
import { describeExit } from './supervised.js';
import { sleep } from '../../bounds.js';

export class ReadinessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadinessError';
  }
}

export interface WaitOptions {
  /** "prometheus did not answer /-/ready on 127.0.0.1:41913" — the subject of the message. */
  what: string;
  withinMs: number;
  intervalMs?: number;
  /** The process whose death makes waiting pointless, and whose stderr explains. */
  process?: SupervisedProcess;
  /** A reason to stop waiting at once (a server that logged it could not listen, yet lives on). */
  giveUpIf?: () => string | null;
}

export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  options: WaitOptions,
): Promise<void> {
  const started = Date.now();
  const interval = options.intervalMs ?? 100;
  let lastError = '';
  while (Date.now() - started < options.withinMs) {
    const exit = options.process?.exit;
    if (exit) {
      throw new ReadinessError(
        `${options.what}: ${options.process!.name} ${describeExit(exit)}${stderrOf(options.process)}`,
      );
    }
    const reason = options.giveUpIf?.();
    if (reason) throw new ReadinessError(`${options.what}: ${reason}`);
    try {
      if (await check()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await sleep(interval);
  }
  const seconds = Math.round(options.withinMs / 100) / 10;
  throw new ReadinessError(
    `${options.what} within ${seconds} s${lastError ? ` (last error: ${lastError})` : ''}${stderrOf(options.process)}`,
  );
}

function stderrOf(process?: SupervisedProcess): string {
  const tail = process?.stderrTail();
  return tail ? `; last stderr:\n${tail}` : '';
}

/** True when an HTTP GET answers with a 2xx status. */
export async function httpOk(url: string, timeoutMs = 1000): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  return response.ok;
}
