// Before anything starts, every running part `chaos run` is pointed at must answer: an
// unreachable Prometheus or Toxiproxy found after start-up would leave a run folder, a
// ledger and a drill `error` behind for what is a typo in a flag.

import { connect } from 'node:net';
import type { StackChoice } from '../engine/start-drill-stack.js';
import { UsageError } from './usage-error.js';

export const PROBE_WITHIN_MS = 2000;

export interface UrlProbe {
  kind: 'http';
  flag: string;
  url: string;
  /** Appended to the URL; '' to GET the URL itself. */
  path: string;
  /** Statuses that mean the right thing answers (Prometheus says 503 while it starts). */
  accept: readonly number[];
  part: string;
}

export interface TcpProbe {
  kind: 'tcp';
  flag: string;
  host: string;
  port: number;
  part: string;
}

export type Probe = UrlProbe | TcpProbe;

/** What a run with this stack choice needs to answer before it starts. */
export function stackProbes(choice: StackChoice): Probe[] {
  if (choice.provider === 'external') {
    const metricsUrl = choice.target.metricsUrl;
    return [
      http('--prometheus', choice.prometheusUrl, '/-/ready', [200, 503], 'Prometheus'),
      http('--toxiproxy', choice.toxiproxyUrl, '/version', [200], 'Toxiproxy'),
      ...(metricsUrl ? [http('--target-metrics', metricsUrl, '', [200], 'the target')] : []),
    ];
  }
  if (choice.provider === 'local' && choice.externalTarget) {
    // Toxiproxy runs here and dials the target from here, so it must answer from here.
    const { stream, metricsUrl } = choice.externalTarget;
    return [
      { kind: 'tcp', flag: '--target', host: stream.host, port: stream.port, part: 'the target' },
      http('--target-metrics', metricsUrl, '', [200], 'the target'),
    ];
  }
  return [];
}

/** Probes every part at once, each within `withinMs`; throws one line per part that did not answer. */
export async function probeStack(choice: StackChoice, withinMs = PROBE_WITHIN_MS): Promise<void> {
  const problems = await Promise.all(stackProbes(choice).map((probe) => runProbe(probe, withinMs)));
  const lines = problems.filter((line): line is string => line !== null);
  if (lines.length > 0) throw new UsageError(lines);
}

export async function runProbe(probe: Probe, withinMs: number): Promise<string | null> {
  return probe.kind === 'http' ? probeUrl(probe, withinMs) : probeTcp(probe, withinMs);
}

async function probeUrl(probe: UrlProbe, withinMs: number): Promise<string | null> {
  const url = probe.path ? `${probe.url.replace(/\/+$/, '')}${probe.path}` : probe.url;
  const request = `GET${probe.path ? ` ${probe.path}` : ''}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(withinMs) });
    await response.body?.cancel();
    if (probe.accept.includes(response.status)) return null;
    return `${probe.flag}: ${probe.url} answered ${request} with HTTP ${response.status}; expected ${probe.accept.join(' or ')} from ${probe.part}; check that the URL is ${probe.part}'s (with its path prefix, if any)`;
  } catch (error) {
    return `${probe.flag}: ${probe.url} did not answer ${request} within ${seconds(withinMs)} (${reasonOf(error)}); start ${probe.part} or fix the URL`;
  }
}

function probeTcp(probe: TcpProbe, withinMs: number): Promise<string | null> {
  const address = `${probe.host}:${probe.port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: probe.host, port: probe.port });
    const done = (problem: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const refuse = (reason: string) =>
      done(
        `${probe.flag}: ${address} did not accept a TCP connection within ${seconds(withinMs)} (${reason}); start ${probe.part} or fix the address`,
      );
    const timer = setTimeout(() => refuse('no answer'), withinMs);
    socket.once('connect', () => done(null));
    socket.once('error', (error) => refuse(reasonOf(error)));
  });
}

function http(
  flag: string,
  url: string,
  path: string,
  accept: readonly number[],
  part: string,
): UrlProbe {
  return { kind: 'http', flag, url, path, accept, part };
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

/** fetch hides the socket's error code in `cause`; a timeout is an abort. */
export function reasonOf(error: unknown): string {
  const { name, code, cause, message } = error as {
    name?: string;
    code?: string;
    cause?: unknown;
    message?: string;
  };
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer';
  if (message === 'bad port') return 'a port fetch refuses to use, as browsers do';
  if (code && REASONS[code]) return REASONS[code];
  if (cause) return reasonOf(cause);
  return code ?? message ?? String(error);
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
