// The client-observed drop rate (percent of the sessions that ended in the window that
// were dropped, so never above 100): from Prometheus when it scrapes the load generator
// (local stack), or from the load generator's own counters when an external Prometheus
// cannot reach it.

import type { PrometheusClient } from '../prom/client.js';
import { currentValue } from '../prom/verification.js';

export interface ClientRate {
  /** Percent, or null when nothing was started in the window. */
  value(at: Date): Promise<number | null>;
}

export function prometheusClientRate(client: PrometheusClient, query: string): ClientRate {
  return { value: async (at) => (await currentValue(client, query, at)).value };
}

interface Tally {
  at: number;
  ended: number;
  dropped: number;
}

export interface SessionCounters {
  completed: number;
  interrupted: number;
  droppedTotal: number;
}

/** A sliding window over the load's cumulative counters, sampled on every call. */
export function localClientRate(counters: () => SessionCounters, windowMs: number): ClientRate {
  const history: Tally[] = [];
  return {
    async value(at) {
      const now = counters();
      const t = at.getTime();
      const ended = now.completed + now.interrupted + now.droppedTotal;
      history.push({ at: t, ended, dropped: now.droppedTotal });
      while (history.length > 2 && history[1]!.at <= t - windowMs) history.shift();
      const oldest = history[0]!;
      const endedInWindow = ended - oldest.ended;
      return endedInWindow > 0 ? ((now.droppedTotal - oldest.dropped) / endedInWindow) * 100 : null;
    },
  };
}
