// What the sampler asks every tick: has the user's signal come? A stop condition that
// holds in the drill's Prometheus, or a `chaos stop` request beside the drill's ledger.

import type { PrometheusClient } from '../prom/client.js';
import type { AbortRecord } from '../result/run-result.js';
import type { PlannedStopCondition } from '../scenario/plan-stop-conditions.js';
import { heldStopCondition } from './stop-conditions.js';
import { stopRequested } from './stop-request.js';

export interface StopWatchOptions {
  prometheus: PrometheusClient;
  conditions: readonly PlannedStopCondition[];
  /** The drill's ledger folder and its id: where a `chaos stop` request appears. */
  ledgerDir: string;
  drillId: string;
}

export class StopWatch {
  constructor(private readonly options: StopWatchOptions) {}

  /** The reason to stop now, or null. A request wins: it costs no query. */
  async check(at: Date): Promise<AbortRecord | null> {
    const { prometheus, conditions, ledgerDir, drillId } = this.options;
    const request = stopRequested(ledgerDir, drillId);
    if (request) {
      return {
        by: 'chaos stop',
        reason: `stopped by \`chaos stop\`${request.pid > 0 ? ` (pid ${request.pid})` : ''}`,
        at: at.toISOString(),
      };
    }
    if (conditions.length === 0) return null;
    return heldStopCondition(prometheus, conditions, at);
  }
}
