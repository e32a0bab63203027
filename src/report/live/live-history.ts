// The run so far, for browsers that connect late: every message in order, bounded. When
// samples pass their bound every second one is dropped (the chart keeps its whole
// span at a coarser step); log lines past theirs are dropped oldest first.

export interface HistoryLimits {
  maxSamples: number;
  maxLogs: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxSamples: 4000, maxLogs: 500 };

interface Entry {
  kind: string;
  text: string;
}

export class LiveHistory {
  private entries: Entry[] = [];
  private samples = 0;
  private logs = 0;

  constructor(private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS) {}

  /** `kind` is the event type; `text` the message as sent to browsers. */
  push(kind: string, text: string): void {
    this.entries.push({ kind, text });
    if (kind === 'sample' && ++this.samples > this.limits.maxSamples) this.thinSamples();
    if (kind === 'log' && ++this.logs > this.limits.maxLogs) this.dropOldestLog();
  }

  /** The messages as sent, oldest first. */
  texts(): string[] {
    return this.entries.map((e) => e.text);
  }

  get size(): number {
    return this.entries.length;
  }

  private thinSamples(): void {
    let seen = 0;
    this.entries = this.entries.filter((e) => e.kind !== 'sample' || seen++ % 2 === 0);
    this.samples = seen - Math.floor(seen / 2);
  }

  private dropOldestLog(): void {
    const index = this.entries.findIndex((e) => e.kind === 'log');
    if (index >= 0) this.entries.splice(index, 1);
    this.logs -= 1;
  }
}
