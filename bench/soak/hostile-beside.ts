// `npm run soak -- --hostile`: a hostile neighbour beside each suite's `chaos run`, fuzzing
// every server the drills say they listen on (each drill's webhook receiver, the run's live
// page) from the drills' own output, for as long as each listens: a drill's receiver from
// the line that names it to that drill's rollback, the live page until the run ends. A
// port is never fuzzed after its drill has said it is done with it, so no other part of
// the stack that may take the port next is ever hit.

import { runHostileNeighbour, type HostileReport } from '../../test/helpers/hostile-neighbour.js';

const RECEIVER =
  /^(?:\S+ )?(\S+) {3}page: .* every receiver delivers to (http:\/\/127\.0\.0\.1:\d+)/;
const LIVE_VIEW = /chaos: live view at (http:\/\/127\.0\.0\.1:\d+)\//;
const ROLLED_BACK = /^(?:\S+ )?(\S+) [✔✘] rollback /;
const DRILL_END = /^(?:\S+ )?(\S+): (?:PASS|FAIL|NO DATA|ERROR|ABORTED) in /;
const RUN_END = /: \d+ drill\(s\), exit code \d+; reports in /;

export class HostileBeside {
  /** Where each listens: the scenario's name, or '' for the live page. */
  private readonly listening = new Map<string, string>();
  private readonly stopped = new AbortController();
  private readonly running: Promise<HostileReport>;
  private pending = '';

  constructor(seed: number, boundMs: number) {
    this.running = runHostileNeighbour({
      targets: () => [...this.listening.values()],
      seed,
      maxRequests: Number.MAX_SAFE_INTEGER,
      maxMs: boundMs,
      perSecond: 20,
      signal: this.stopped.signal,
    });
  }

  /** Reads a chunk of the run's output for where its servers listen and when they stop. */
  read(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      const receiver = RECEIVER.exec(line);
      if (receiver) this.listening.set(receiver[1]!, receiver[2]!);
      const view = LIVE_VIEW.exec(line);
      if (view) this.listening.set('', view[1]!);
      const done = ROLLED_BACK.exec(line) ?? DRILL_END.exec(line);
      if (done) this.listening.delete(done[1]!);
      if (RUN_END.test(line)) this.listening.clear();
    }
  }

  /** Stops (the run has ended) and says what was sent. */
  async stop(): Promise<HostileReport> {
    this.listening.clear();
    this.stopped.abort();
    return this.running;
  }
}
