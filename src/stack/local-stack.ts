// The local provider: every part a child process of this one, on 127.0.0.1 and
// ephemeral ports: the reference target (or an external target by address), Toxiproxy
// with a proxy in front of it, the load pointed at that proxy, and Prometheus scraping
// the target and the load with the drill's rules loaded.

import { PrometheusClient } from '../prom/client.js';
import type { ChildRecorder, DrillStack, StackAddress } from './drill-stack.js';
import { waitUntil } from './process/readiness.js';
import { describeExit, type SupervisedProcess } from './process/supervised.js';
import { startPrometheus } from './prometheus/prometheus-server.js';
import { startReferenceTarget, type ReferenceTarget } from './target/reference-target.js';
import { startToxiproxy, type RunningToxiproxy } from './toxiproxy/toxiproxy-server.js';

export const PROXY_NAME = 'tickstorm';

export interface LocalStackRequest {
  workDir: string;
  rulesFile: string;
  scrapeIntervalMs: number;
  evaluationIntervalMs: number;
  target:
    | { kind: 'reference'; env: Record<string, string> }
    | { kind: 'external'; stream: StackAddress; metricsUrl: string };
  /** Starts the load against the proxy's address; resolves to its metrics URL. */
  startLoad: (address: StackAddress) => Promise<{ metricsUrl: string }>;
  recordChild: ChildRecorder;
  /** Called before the proxy is created, so a crash leaves a ledger entry to remove it. */
  recordProxy: (toxiproxyUrl: string, proxy: string) => void;
  log: (message: string) => void;
}

export async function startLocalStack(request: LocalStackRequest): Promise<DrillStack> {
  const started: SupervisedProcess[] = [];
  const track = (process: SupervisedProcess) => {
    started.push(process);
    request.recordChild(process.name, process.identity);
  };
  const stopAll = async () => {
    for (const process of started.reverse()) await process.stop(5000);
  };

  try {
    let target: ReferenceTarget | null = null;
    let targetStream: StackAddress;
    let targetMetricsUrl: string;
    if (request.target.kind === 'reference') {
      target = await startReferenceTarget({ env: request.target.env });
      track(target.process);
      targetStream = target.stream;
      targetMetricsUrl = target.metricsUrl;
      request.log(
        `target: reference TickStorm pid ${target.process.pid}, stream ${target.stream.host}:${target.stream.port}`,
      );
    } else {
      targetStream = request.target.stream;
      targetMetricsUrl = request.target.metricsUrl;
    }

    const toxiproxy: RunningToxiproxy = await startToxiproxy();
    track(toxiproxy.process);
    request.recordProxy(toxiproxy.url, PROXY_NAME);
    const proxy = await toxiproxy.client.createProxy(
      PROXY_NAME,
      '127.0.0.1:0',
      `${targetStream.host}:${targetStream.port}`,
    );
    const listen = parseAddress(proxy.listen);
    request.log(
      `toxiproxy: ${toxiproxy.url}, proxy ${PROXY_NAME} ${proxy.listen} -> ${targetStream.host}:${targetStream.port}`,
    );

    const load = await request.startLoad(listen);

    const prometheus = await startPrometheus(request.workDir, {
      scrapeIntervalMs: request.scrapeIntervalMs,
      evaluationIntervalMs: request.evaluationIntervalMs,
      ruleFiles: [request.rulesFile],
      jobs: [
        { job: 'tickstorm', url: targetMetricsUrl },
        { job: 'chaos-load', url: load.metricsUrl },
      ],
    });
    track(prometheus.process);
    const client = new PrometheusClient(prometheus.url, { timeoutMs: 5000 });
    request.log(`prometheus: ${prometheus.url}`);

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
      toxiproxy: { client: toxiproxy.client, proxy: PROXY_NAME, listen },
      target: {
        stream: targetStream,
        metricsUrl: targetMetricsUrl,
        process: () => target?.process.identity ?? null,
        exit: () => target?.process.exit ?? null,
        stderrTail: () => target?.process.stderrTail(10) ?? '',
      },
      brokenPart: () => {
        for (const part of [prometheus.process, toxiproxy.process]) {
          if (part.exit) return `${part.name} (pid ${part.pid}) ${describeExit(part.exit)}`;
        }
        return null;
      },
      describe: () => ({
        provider: 'local',
        prometheus: `${prometheus.url} (pid ${prometheus.process.pid})`,
        toxiproxy: `${toxiproxy.url} (pid ${toxiproxy.process.pid})`,
        proxy: `${proxy.listen} -> ${targetStream.host}:${targetStream.port}`,
        target: target
          ? `reference TickStorm pid ${target.process.pid}`
          : `external ${targetStream.host}:${targetStream.port}`,
        targetMetrics: targetMetricsUrl,
        loadMetrics: load.metricsUrl,
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
