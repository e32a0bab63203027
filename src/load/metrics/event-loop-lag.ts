// The generator's own event-loop lag. A loop that stalls sends heartbeats late and
// reads data late, so its pong_timeout and data_stall verdicts would be about itself,
// not the target: the lag is reported next to them so a reader can tell.

import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export class EventLoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor() {
    this.histogram.enable();
  }

  /** The worst delay (ms) since the previous call. */
  sample(): number {
    const worst = this.histogram.max / 1e6;
    this.histogram.reset();
    return Number.isFinite(worst) ? worst : 0;
  }

  stop(): void {
    this.histogram.disable();
  }
}
