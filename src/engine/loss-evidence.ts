// Where the sessions the clients lost were lost, from evidence the drill read rather
// than from a guess: the kernel's listen-queue losses in the target's own network
// namespace (before accept), how many sessions the server says it authenticated against
// how many the clients started (accepted and served, or not), and the clients' reasons
// (refused, closed without a frame, left without a reply, ended after the handshake).

import { readListenLosses, type ListenLosses } from '../proc/listen-overflows.js';
import { secondsWindow, withWindow } from '../prom/promql/window-template.js';
import { currentValue } from '../prom/verification.js';
import { containerState } from '../stack/containers/docker-cli.js';
import type { DrillStack } from '../stack/drill-stack.js';
import type { DrillContext } from './drill-context.js';
import type { WindowTally } from './window-tally.js';

/** The listen-queue counters of the target's namespace now; null where they cannot be read. */
export async function targetListenLosses(stack: DrillStack): Promise<ListenLosses | null> {
  const pid =
    stack.target.process()?.pid ??
    (stack.target.container
      ? (await containerState(stack.target.container.name))?.hostPid
      : undefined);
  return pid === undefined || pid <= 0 ? null : readListenLosses(pid);
}

export interface LossEvidence {
  /** The window the evidence covers, in words: "since the fault", "during the baseline". */
  window: string;
  /** The listen-queue counters at the window's start and now. */
  losses: { atStart: ListenLosses | null; now: ListenLosses | null };
  /** Sessions the server says it authenticated in the window; null when it does not say. */
  authenticated: number | null;
  /** What the clients saw in the window. */
  clients: WindowTally | null;
}

/** How a session can end before the server serves it, by the clients' reasons, in words. */
const HOW_SESSIONS_END: { reasons: readonly string[]; says: string }[] = [
  {
    reasons: ['refused', 'connect_timeout'],
    says: 'refused or not accepted in time',
  },
  {
    reasons: ['closed_without_reply'],
    says: 'closed without a frame right after the connection was accepted (how a resource guard, an admission limit or an accept that failed with EMFILE closes)',
  },
  {
    reasons: ['auth_unanswered'],
    says: 'left open with no reply to AUTH until the clients gave up (accepted, never served: a full worker pool, a stalled accept loop)',
  },
  {
    reasons: ['closed_by_peer', 'reset', 'pong_timeout', 'data_stall'],
    says: 'ended after the handshake',
  },
];

/** Whether the kernel lost connections before accept in the evidence's window. */
export function lostBeforeAccept(losses: LossEvidence['losses']): boolean {
  const { atStart, now } = losses;
  return (
    atStart !== null &&
    now !== null &&
    now.overflows + now.drops > atStart.overflows + atStart.drops
  );
}

/** Sentences, each from one piece of evidence, for a diagnosis. */
export function lossFindings(evidence: LossEvidence): string[] {
  const found: string[] = [];
  const { atStart, now } = evidence.losses;
  const { window } = evidence;
  if (atStart && now) {
    const overflows = now.overflows - atStart.overflows;
    const drops = now.drops - atStart.drops;
    found.push(
      overflows + drops > 0
        ? `the kernel dropped connections at the target's listener ${window} (TcpExtListenOverflows +${overflows}, ListenDrops +${drops} in its network namespace): lost before accept, where the server's counters cannot see them`
        : `the target's listener lost nothing before accept ${window} (TcpExtListenOverflows +0, ListenDrops +0 in its network namespace)`,
    );
  } else {
    found.push("the kernel's listen-queue counters of the target's namespace could not be read");
  }
  const clients = evidence.clients;
  if (clients && evidence.authenticated !== null) {
    found.push(
      `the server authenticated about ${Math.round(evidence.authenticated)} sessions (its counter's increase) while the clients started ${clients.started} ${window}`,
    );
  }
  if (clients) {
    for (const group of HOW_SESSIONS_END) {
      const counts = group.reasons
        .map((reason) => [reason, clients.dropped[reason] ?? 0] as const)
        .filter(([, n]) => n > 0);
      if (counts.length === 0) continue;
      found.push(`${counts.map(([r, n]) => `${r} ${n}`).join(', ')}: ${group.says}`);
    }
  }
  return found;
}

/**
 * Reads the evidence over a window that started `sinceMs` ago and holds the findings:
 * the listen-queue losses since `lossesAtStart`, the server's authenticated count over the
 * same span, and the clients' tally.
 */
export async function readLossEvidence(
  context: Pick<DrillContext, 'plan' | 'stack'>,
  window: { words: string; sinceMs: number; lossesAtStart: ListenLosses | null },
  clients: WindowTally | null,
): Promise<{ findings: string[]; beforeAccept: boolean }> {
  const { plan, stack } = context;
  const query = withWindow(plan.target.queries.authenticated, secondsWindow(window.sinceMs));
  const authenticated = await currentValue(stack.prometheus, query)
    .then((r) => r.value)
    .catch(() => null);
  const losses = {
    atStart: window.lossesAtStart,
    now: await targetListenLosses(stack).catch(() => null),
  };
  return {
    findings: lossFindings({ window: window.words, losses, authenticated, clients }),
    beforeAccept: lostBeforeAccept(losses),
  };
}
