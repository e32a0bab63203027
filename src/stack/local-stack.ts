// The local provider: every part a child process of this one, on 127.0.0.1 and
// ephemeral ports: the reference target (or an external target by address), Toxiproxy
// with a proxy in front of it, the load pointed at that proxy, and Prometheus scraping
// the target and the load with the drill's rules loaded.

import { PrometheusClient } from '../prom/client.js';
import type { ChildRecorder, DrillStack, StackAddress } from './drill-stack.js';
import type { ProcessIdentity } from './process/proc-identity.js';
import { waitUntil } from './process/readiness.js';
import { describeExit, type SupervisedProcess } from './process/supervised.js';
import { startPrometheus } from './prometheus/prometheus-server.js';
import { startAlertmanager } from './alertmanager/alertmanager-server.js';
import { ManagedTarget } from './target/managed-target.js';
import { FollowedProcess } from './target/followed-process.js';
import { LOOPBACK, type Placement } from './placement.js';
import { startToxiproxy, type RunningToxiproxy } from './toxiproxy/toxiproxy-server.js';

export const PROXY_NAME = 'tickstorm';

export interface LocalStackRequest {
  workDir: string;
  rulesFile: string;
  scrapeIntervalMs: number;
  evaluationIntervalMs: number;
  target:
    | { kind: 'reference'; env: Record<string, string>; supervisor?: 'none' | 'restart' }
    | { kind: 'external'; stream: StackAddress; metricsUrl: string; process?: ProcessIdentity };
  /** Starts the load against the proxy's address; resolves to its metrics URL. */
  startLoad: (address: StackAddress) => Promise<{ metricsUrl: string }>;
  recordChild: ChildRecorder;
  /** Called before the proxy is created, so a crash leaves a ledger entry to remove it. */
  recordProxy: (toxiproxyUrl: string, proxy: string) => void;
  log: (message: string) => void;
  /**
   * A namespace of the drill's own, and which parts go in it: the target (its kernel
   * settings become the drill's) and/or Toxiproxy (loss between it and the clients).
   * A part that stays on this host but must be reached from the namespace listens on
   * the host's end of the veth pair.
   */
  netns?: { name: string; nsAddress: string; hostAddress: string; target: boolean; proxy: boolean };
  /** The load connects to the target itself instead of the proxy. */
  loadDirect?: boolean;
  /**
   * Gives the proxy's upstream connections many source addresses (source-pool.ts), where
   * the target runs (`netns`: its namespace, or null for this host); says what it did.
   */
  spreadSources?: (upstream: StackAddress, netns: string | null) => Promise<string>;
  /** The drill's Alertmanager config: when given, Alertmanager runs and Prometheus sends to it. */
  alertmanagerConfig?: string;
}

/** Where the target and Toxiproxy run and listen. */
function placements(netns: LocalStackRequest['netns']): { target: Placement; proxy: Placement } {
  if (!netns) return { target: LOOPBACK, proxy: LOOPBACK };
  const inside: Placement = { host: netns.nsAddress, netns: netns.name };
  const hostSide: Placement = { host: netns.hostAddress };
  return {
    target: netns.target ? inside : netns.proxy ? hostSide : LOOPBACK,
    proxy: netns.proxy ? inside : netns.target ? hostSide : LOOPBACK,
  };
}

export async function startLocalStack(request: LocalStackRequest): Promise<DrillStack> {
  const started: SupervisedProcess[] = [];
  // Recorded the moment it exists, before its readiness wait: a `chaos` killed while a
  // child starts up must not leave that child out of the ledger.
  const onSpawned = (process: SupervisedProcess) => {
    started.push(process);
    request.recordChild(process.name, process.identity);
  };
  const stopAll = async () => {
    for (const process of started.reverse()) await process.stop(5000);
  };

  try {
    let target: ManagedTarget | null = null;
    let targetStream: StackAddress;
    let targetMetricsUrl: string;
    const where = placements(request.netns);
    if (request.target.kind === 'reference') {
      // A fixed instance_id keeps one series per counter across restarts (a reset, not a new instance).
      target = await ManagedTarget.start({
        env: { INSTANCE_ID: 'tickstorm-0', ...request.target.env },
        placement: where.target,
        onSpawned,
        supervisorRestarts: request.target.supervisor === 'restart' ? 5 : 0,
        log: request.log,
      });
      targetStream = target.endpoints.stream;
      targetMetricsUrl = target.endpoints.metricsUrl;
      request.log(
        `target: reference TickStorm pid ${target.process.pid}, stream ${targetStream.host}:${targetStream.port}${where.target.netns ? ` in namespace ${where.target.netns}` : ''}`,
      );
    } else {
      targetStream = request.target.stream;
      targetMetricsUrl = request.target.metricsUrl;
    }
    const followed =
      request.target.kind === 'external' && request.target.process
        ? new FollowedProcess(request.target.process, targetStream.port, request.log)
        : null;

    const toxiproxy: RunningToxiproxy = await startToxiproxy({
      placement: where.proxy,
      onSpawned,
    });
    request.recordProxy(toxiproxy.url, PROXY_NAME);
    const proxy = await toxiproxy.client.createProxy(
      PROXY_NAME,
      `${where.proxy.host}:0`,
      `${targetStream.host}:${targetStream.port}`,
    );
    const listen = parseAddress(proxy.listen);
    request.log(
      `toxiproxy: ${toxiproxy.url} (pid ${toxiproxy.process.pid}), proxy ${PROXY_NAME} ${proxy.listen} -> ${targetStream.host}:${targetStream.port}`,
    );

    const sources =
      request.loadDirect || !request.spreadSources
        ? null
        : await request.spreadSources(targetStream, where.target.netns ?? null);
    if (sources) request.log(`sources: ${sources}`);

    const loadAddress = request.loadDirect ? targetStream : listen;
    const load = await request.startLoad(loadAddress);

    const alertmanager = request.alertmanagerConfig
      ? await startAlertmanager(request.workDir, request.alertmanagerConfig, { onSpawned })
      : null;
    if (alertmanager)
      request.log(`alertmanager: ${alertmanager.url} (pid ${alertmanager.process.pid})`);

    const prometheus = await startPrometheus(
      request.workDir,
      {
        scrapeIntervalMs: request.scrapeIntervalMs,
        evaluationIntervalMs: request.evaluationIntervalMs,
        ruleFiles: [request.rulesFile],
        jobs: [
          { job: 'tickstorm', url: targetMetricsUrl },
          { job: 'chaos-load', url: load.metricsUrl },
        ],
        ...(alertmanager ? { alertmanagers: [new URL(alertmanager.url).host] } : {}),
      },
      { onSpawned },
    );
    const client = new PrometheusClient(prometheus.url, { timeoutMs: 5000 });
    request.log(`prometheus: ${prometheus.url} (pid ${prometheus.process.pid})`);

    // The baseline only means something once both targets have been scraped.
    await waitUntil(
      async () => {
        const targets = await client.targets();
        return targets.length >= 2 && targets.every((t) => t.health === 'up');
      },
      {
        what: `prometheus at ${prometheus.url} did not scrape both the target (${targetMetricsUrl}) and the load (${load.metricsUrl}) successfully`,
        withinMs: 10_000 + 5 * request.scrapeIntervalMs,
        intervalMs: 200,
        process: prometheus.process,
      },
    );

    return {
      provider: 'local',
      prometheus: client,
      alertmanager: alertmanager ? { url: alertmanager.url } : null,
      toxiproxy: {
        client: toxiproxy.client,
        proxy: PROXY_NAME,
        listen,
        netns: where.proxy.netns ?? null,
      },
      target: {
        stream: targetStream,
        metricsUrl: targetMetricsUrl,
        ...(target ? { healthUrl: target.endpoints.healthUrl } : {}),
        process: () => target?.process.identity ?? followed?.process() ?? null,
        exit: () => target?.exit() ?? null,
        stderrTail: () => target?.process.stderrTail(10) ?? '',
        restart: target ? (env) => target!.restart(env) : null,
        restarts: () => target?.restarts ?? followed?.restarts ?? [],
        onRestart: (hook) => (target ?? followed)?.onRestart(hook),
        netns: request.target.kind === 'reference' ? (where.target.netns ?? null) : null,
      },
      quiesce: () => target?.stopSupervising(),
      brokenPart: () => {
        const parts = [prometheus.process, toxiproxy.process];
        if (alertmanager) parts.push(alertmanager.process);
        for (const part of parts) {
          if (part.exit) return `${part.name} (pid ${part.pid}) ${describeExit(part.exit)}`;
        }
        return null;
      },
      describe: () => ({
        provider: 'local',
        prometheus: `${prometheus.url} (pid ${prometheus.process.pid})`,
        ...(alertmanager
          ? { alertmanager: `${alertmanager.url} (pid ${alertmanager.process.pid})` }
          : {}),
        toxiproxy: `${toxiproxy.url} (pid ${toxiproxy.process.pid})`,
        proxy: `${proxy.listen} -> ${targetStream.host}:${targetStream.port}${request.loadDirect ? ' (the load bypasses it)' : ''}`,
        target: target
          ? `reference TickStorm pid ${target.process.pid}`
          : `external ${targetStream.host}:${targetStream.port}`,
        targetMetrics: targetMetricsUrl,
        loadMetrics: load.metricsUrl,
        ...(sources ? { proxySources: sources } : {}),
      }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export function parseAddress(text: string): StackAddress {
  const match = /^\[?([^\]]+)\]?:(\d+)$/.exec(text);
  if (!match) throw new Error(`expected host:port, got "${text}"`);
  return { host: match[1]!, port: Number(match[2]) };
}
