// What the fault added over the baseline, before against during, on both sides: the
// clients' drop rate and reasons (their tallies over the baseline and since the fault)
// and the server's drop rate. A fault whose drops look like the baseline's did not bite,
// whatever the alert then does: drops that were there before are not its effect.

import type { BaselineReading } from './drill-context.js';
import { endedIn, windowDropRate, type WindowTally } from './window-tally.js';
import { formatRate } from './step-clock.js';

export interface DuringFault {
  /** What the clients saw since the fault was applied. */
  clients: WindowTally | null;
  /** The server's drop rate now (percent), over the rule's window. */
  serverRate: number | null;
}

export interface FaultAdded {
  clients: { before: number | null; during: number | null; rose: boolean };
  server: { before: number | null; during: number | null; rose: boolean };
  /** Drop reasons whose count rose, with before and during counts. */
  reasons: { reason: string; before: number; during: number }[];
  /** Either side rose: the fault added drops worth an alert. */
  rose: boolean;
  /** One line: "clients 0.10 % → 4.31 % (closed_without_reply 0 → 40), server 0.00 % → 3.90 %". */
  text: string;
}

/**
 * A side rose when it is at the threshold during the fault and added at least half the
 * threshold, and at least as much as it had before (it doubled): enough to be the
 * fault's, not the baseline's own drops moving a little.
 */
function rose(before: number | null, during: number | null, threshold: number): boolean {
  if (during === null || during < threshold) return false;
  const had = before ?? 0;
  return during - had >= Math.max(threshold / 2, had);
}

export function faultAdded(
  baseline: BaselineReading | undefined,
  during: DuringFault,
  threshold: number,
): FaultAdded {
  const clientsBefore = baseline?.clients
    ? windowDropRate(baseline.clients)
    : (baseline?.clientRate ?? null);
  const clientsDuring = during.clients ? windowDropRate(during.clients) : null;
  const serverBefore = baseline?.serverRate ?? null;
  const reasons = reasonsRose(baseline?.clients ?? null, during.clients);
  const clients = {
    before: clientsBefore,
    during: clientsDuring,
    rose: rose(clientsBefore, clientsDuring, threshold),
  };
  const server = {
    before: serverBefore,
    during: during.serverRate,
    rose: rose(serverBefore, during.serverRate, threshold),
  };
  const shownReasons = reasons.map((r) => `${r.reason} ${r.before} → ${r.during}`).join(', ');
  const text =
    `clients ${formatRate(clients.before)} before → ${formatRate(clients.during)} during the fault` +
    `${shownReasons ? ` (${shownReasons})` : ''}, server ${formatRate(server.before)} → ${formatRate(server.during)}`;
  return { clients, server, reasons, rose: clients.rose || server.rose, text };
}

/** Reasons with more drops per ended session during than before (counts as seen). */
function reasonsRose(
  before: WindowTally | null,
  during: WindowTally | null,
): FaultAdded['reasons'] {
  if (!during) return [];
  const share = (t: WindowTally | null, reason: string) => {
    const n = t ? endedIn(t) : 0;
    return n > 0 ? (t!.dropped[reason] ?? 0) / n : 0;
  };
  return Object.keys(during.dropped)
    .filter((reason) => share(during, reason) > share(before, reason))
    .map((reason) => ({
      reason,
      before: before?.dropped[reason] ?? 0,
      during: during.dropped[reason] ?? 0,
    }))
    .sort((a, b) => b.during - a.during);
}
