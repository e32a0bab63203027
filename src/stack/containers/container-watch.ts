// Watches a started container through its followed log stream, the one signal that is
// both synchronous to read and ends when the container stops: keeps the last lines for
// error messages and says when, and with what exit code, the container ended.

import type { Readable } from 'node:stream';

export interface ContainerEnd {
  /** The container's exit code when the engine could tell, else null. */
  code: number | null;
  /** The engine says the kernel's OOM killer ended it (it reached its memory limit). */
  oomKilled?: true;
}

/** Why a container ended, in words, when the engine says more than its exit code. */
export function endReason(end: ContainerEnd): string | undefined {
  return end.oomKilled ? 'OOM-killed: the container reached its memory limit' : undefined;
}

export class ContainerWatch {
  private readonly lines: string[] = [];
  private partial = '';
  private endInfo: ContainerEnd | null = null;
  private expected = false;

  /**
   * @param exitCode asks the engine for the stopped container's exit code (and whether
   *   the OOM killer ended it).
   */
  constructor(
    readonly part: string,
    private readonly exitCode: () => Promise<number | null | ContainerEnd>,
    private readonly keep = 30,
  ) {}

  /** Pass to GenericContainer.withLogConsumer. */
  readonly consume = (stream: Readable): void => {
    stream.on('data', (chunk: Buffer | string) => this.add(chunk.toString()));
    stream.on('error', () => {});
    stream.on('end', () => {
      if (this.expected) return;
      // Known at once that it stopped; the code follows when the engine answers.
      this.endInfo = { code: null };
      this.exitCode().then(
        (end) => (this.endInfo = typeof end === 'object' && end !== null ? end : { code: end }),
        () => {},
      );
    });
  };

  /** The framework is stopping it: its end is not news. */
  expectEnd(): void {
    this.expected = true;
  }

  /** Null while it runs, or once the framework stopped it. */
  get ended(): ContainerEnd | null {
    return this.endInfo;
  }

  tail(lines = 10): string {
    return this.lines.slice(-lines).join('\n');
  }

  private add(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line.trim()) continue;
      this.lines.push(line);
      if (this.lines.length > this.keep) this.lines.shift();
    }
  }
}

export function describeEnd(part: string, end: ContainerEnd): string {
  const reason = endReason(end);
  return `the ${part} container stopped${end.code === null ? '' : ` with exit code ${end.code}`}${reason ? ` (${reason})` : ''}`;
}
