// Our own children (target, load generator) announce readiness with one JSON line on
// stdout: {"event":"ready", ...}. This waits for it, bounded, with the stderr tail.

import type { SupervisedProcess } from './supervised.js';
import { waitUntil } from './readiness.js';

export interface ReadyLineCollector {
  onLine: (line: string) => void;
  wait: (
    process: SupervisedProcess,
    what: string,
    withinMs: number,
  ) => Promise<Record<string, unknown>>;
}

export function readyLineCollector(): ReadyLineCollector {
  let ready: Record<string, unknown> | null = null;
  return {
    onLine(line) {
      if (ready || !line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.event === 'ready') ready = parsed;
      } catch {
        // Not our JSON line; ordinary output.
      }
    },
    async wait(process, what, withinMs) {
      await waitUntil(() => ready !== null, { what, withinMs, process, intervalMs: 25 });
      return ready!;
    },
  };
}
