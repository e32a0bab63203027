// One line per refused request, but never a flood: the drill's own servers listen on ports
// anyone on the machine can reach, and a neighbour sending thousands of bad requests must
// not bury the drill's output. The first refusal is said in full; those that follow within
// the quiet period are counted and said once, as "N more refused".

export class RefusalLog {
  /** Every refusal since the start, said or only counted. */
  total = 0;
  private held = 0;
  private quietUntil = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: (line: string) => void,
    /** Who refused, as the line names it ("webhook receiver"); its address once known. */
    public who: string,
    private readonly quietMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  refuse(request: string, why: string): void {
    this.total++;
    if (this.now() >= this.quietUntil) {
      this.say(`${this.who}: refused ${request.slice(0, 200)}: ${why.slice(0, 300)}`);
      return;
    }
    this.held++;
    // Unref'd: a pending summary never keeps the process alive.
    this.timer ??= setTimeout(() => this.flush(), this.quietUntil - this.now()).unref();
  }

  /** Says what was held back (at most one line), now; for the timer and for close. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.held === 0) return;
    const held = this.held;
    this.held = 0;
    this.say(
      `${this.who}: ${held} more request(s) refused (${this.total} in all; one line at most every ${this.quietMs / 1000} s)`,
    );
  }

  private say(line: string): void {
    this.quietUntil = this.now() + this.quietMs;
    try {
      this.log(line);
    } catch {
      // A log that cannot be written (a closed stream) must not turn a refusal into a crash.
    }
  }
}
