// A hostile neighbour for the drill's own servers (the webhook receiver, the live view):
// for a bounded time and count it sends a seeded mix of hostile requests (hostile-probes.ts)
// to the base URLs it is given, each on a connection of its own, and reports how many of
// each kind it sent and what came back. Loopback only: it refuses any other address, and
// it never sends anywhere but the URLs given.

import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  pickKind,
  probeFor,
  PROBE_KINDS,
  seeded,
  type Probe,
  type ProbeKind,
} from './hostile-probes.js';

export interface HostileOptions {
  /** Base URLs (http://127.0.0.1:port); a function for targets that come and go (the soak). */
  targets: readonly string[] | (() => readonly string[]);
  seed: number;
  maxRequests: number;
  maxMs: number;
  /** Requests started per second at most, all connections together; default 20. */
  perSecond?: number;
  /** Connections at once; default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Header lines every well-formed request carries (`Authorization: Bearer …`). */
  headers?: readonly string[];
}

export interface HostileReport {
  sent: number;
  byKind: Record<ProbeKind, number>;
  /** What came back: an HTTP status ("400"), or "closed", "reset", "no answer", … */
  answers: Record<string, number>;
  /** Answers 500-599: a handler that failed (what the drill's servers must never give). */
  serverErrors: number;
  targets: string[];
  tookMs: number;
}

/** Each request waits at most this for its answer (a trickled one is abandoned then). */
const ANSWER_BOUND_MS = 4_000;
/** A target that refuses connections this many times in a row has gone (its drill ended). */
const GONE_AFTER = 3;

export function assertLoopback(url: string): URL {
  const parsed = new URL(url);
  const host = parsed.hostname;
  if (
    parsed.protocol !== 'http:' ||
    !(/^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '[::1]')
  )
    throw new Error(
      `the hostile neighbour targets loopback HTTP only: expected http://127.x.x.x:port, got "${url}"`,
    );
  return parsed;
}

export async function runHostileNeighbour(options: HostileOptions): Promise<HostileReport> {
  const began = Date.now();
  const random = seeded(options.seed);
  const listTargets =
    typeof options.targets === 'function'
      ? options.targets
      : () => options.targets as readonly string[];
  const perSecond = options.perSecond ?? 20;
  const report: HostileReport = {
    sent: 0,
    byKind: Object.fromEntries(PROBE_KINDS.map((k) => [k, 0])) as Record<ProbeKind, number>,
    answers: {},
    serverErrors: 0,
    targets: [],
    tookMs: 0,
  };
  const refusedInARow = new Map<string, number>();
  let nextStart = Date.now();
  const over = () =>
    options.signal?.aborted === true ||
    report.sent >= options.maxRequests ||
    Date.now() - began >= options.maxMs;

  const worker = async () => {
    while (!over()) {
      const live = listTargets().filter((t) => (refusedInARow.get(t) ?? 0) < GONE_AFTER);
      if (live.length === 0) {
        await sleep(200);
        continue;
      }
      // Paced across all connections, so the neighbour never takes the machine from the drill.
      const wait = nextStart - Date.now();
      nextStart = Math.max(nextStart, Date.now()) + 1000 / perSecond;
      if (wait > 0) await sleep(wait);
      if (over()) break;
      const target = random.pick(live);
      const url = assertLoopback(target);
      if (!report.targets.includes(target)) report.targets.push(target);
      const probe = probeFor(
        pickKind(random),
        url.host,
        random,
        url.pathname.replace(/\/$/, ''),
        options.headers,
      );
      report.sent++;
      report.byKind[probe.kind]++;
      const answer = await sendProbe(url, probe);
      report.answers[answer] = (report.answers[answer] ?? 0) + 1;
      if (/^5\d\d$/.test(answer)) report.serverErrors++;
      refusedInARow.set(
        target,
        answer === 'connection refused' ? (refusedInARow.get(target) ?? 0) + 1 : 0,
      );
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  report.tookMs = Date.now() - began;
  return report;
}

/** One probe on a connection of its own; what came back, in a word or a status. */
function sendProbe(url: URL, probe: Probe): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port),
    });
    let head = '';
    let settled = false;
    let upgraded = false;
    const statusOf = () => /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? null;
    const finish = (fallback: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(statusOf() ?? fallback);
    };
    const timer = setTimeout(() => finish('no answer'), ANSWER_BOUND_MS);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(
        error.code === 'ECONNREFUSED'
          ? 'connection refused'
          : error.code === 'ECONNRESET'
            ? 'reset'
            : (error.code ?? 'error'),
      ),
    );
    socket.on('close', () => finish('closed'));
    socket.on('data', (data: Buffer) => {
      if (head.length < 4096) head += data.toString('latin1', 0, Math.min(data.length, 4096));
      const status = statusOf();
      if (!status) return;
      if (typeof probe.then === 'object' && status === '101' && !upgraded) {
        // Upgraded: the frames, then whatever the server does about them (a close, most often).
        upgraded = true;
        for (const frame of probe.then.frames) socket.write(frame);
        setTimeout(() => finish('101'), 500);
        return;
      }
      if (!upgraded) finish(status);
    });
    socket.on('connect', () => {
      void (async () => {
        for (const chunk of probe.chunks) {
          if (settled) return;
          socket.write(chunk);
          if (probe.gapMs) await sleep(probe.gapMs);
        }
        if (probe.then === 'reset' && !settled) {
          socket.resetAndDestroy();
          finish('reset sent');
        }
      })();
    });
  });
}

/** The report in one line, for a test's or the soak's output. */
export function hostileSummary(report: HostileReport): string {
  const kinds = Object.entries(report.byKind)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const answers = Object.entries(report.answers)
    .sort(([, a], [, b]) => b - a)
    .map(([answer, n]) => `${answer} ×${n}`)
    .join(', ');
  return `${report.sent} hostile request(s) in ${(report.tookMs / 1000).toFixed(0)} s to ${report.targets.length} server(s) (${kinds}); answers: ${answers}`;
}
