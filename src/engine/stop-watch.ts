// What the sampler asks every tick: has the user's signal come? A stop condition that
// holds in the drill's Prometheus, or a `chaos stop` request beside the drill's ledger.
// A condition that cannot be evaluated is said at once, and one that stays so past a
// bound stops the drill too: a safety net that cannot be checked guards nothing.

import type { PrometheusClient } from '../prom/client.js';
import type { AbortRecord } from '../result/run-result.js';
import type { PlannedStopCondition } from '../scenario/plan-stop-conditions.js';
import { lookAtStopConditions } from './stop-conditions.js';
import { stopRequested } from './stop-request.js';

export interface StopWatchOptions {
  prometheus: PrometheusClient;
  conditions: readonly PlannedStopCondition[];
  /** The drill's ledger folder and its id: where a `chaos stop` request appears. */
  ledgerDir: string;
  drillId: string;
  /** How long a condition may keep failing before the drill stops; default 30 s. */
  failureBudgetMs?: number;
  log?: (message: string) => void;
}

const DEFAULT_FAILURE_BUDGET_MS = 30_000;

export class StopWatch {
  /** When each failing condition (by name) began to fail. */
  private readonly failingSince = new Map<string, number>();

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
    const look = await lookAtStopConditions(prometheus, conditions, at);
    if (look.held) return look.held;
    const failing = new Set(look.failed.map(({ condition }) => condition.name));
    for (const name of [...this.failingSince.keys()])
      if (!failing.has(name)) this.failingSince.delete(name);
    const budget = this.options.failureBudgetMs ?? DEFAULT_FAILURE_BUDGET_MS;
    for (const { condition, error } of look.failed) {
      const since = this.failingSince.get(condition.name);
      if (since === undefined) {
        this.failingSince.set(condition.name, at.getTime());
        this.options.log?.(
          `stop condition \`${condition.name}\` could not be evaluated: ${error}; tried again at every sample, the drill stops if it cannot be for ${budget / 1000} s`,
        );
      } else if (at.getTime() - since >= budget) {
        return {
          by: 'stop condition',
          reason: `stop condition \`${condition.name}\` could not be evaluated for ${Math.round((at.getTime() - since) / 1000)} s (${error}): a safety net that cannot be checked stops the drill`,
          at: at.toISOString(),
          condition: { name: condition.name, query: condition.query },
        };
      }
    }
    return null;
  }
}
