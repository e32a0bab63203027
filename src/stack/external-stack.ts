// The external provider, for game days against staging: Toxiproxy, Prometheus and the
// target already run (docker compose, a staging cluster); the drill adds one proxy to
// that Toxiproxy, runs the load here through it, and reads that Prometheus, which must
// already scrape the target and have the alert rules loaded.

import { PrometheusClient } from '../prom/client.js';
import type { DrillStack, StackAddress } from './drill-stack.js';
import { parseAddress } from './local-stack.js';
import { waitUntil } from './process/readiness.js';
import { ToxiproxyClient } from './toxiproxy/toxiproxy-client.js';
import type { ProcessIdentity } from './process/proc-identity.js';
import { FollowedProcess } from './target/followed-process.js';

export interface ExternalStackRequest {
  prometheusUrl: string;
  toxiproxyUrl: string;
  /** `process`: the target's process on this machine (--target-pid), for faults that act on it. */
  target: { stream: StackAddress; metricsUrl?: string; process?: ProcessIdentity };
  proxyName: string;
  /** Where the new proxy listens, as Toxiproxy sees it (default 127.0.0.1:0). */
  proxyListen?: string;
  /** The target as Toxiproxy reaches it (default: the target's address). */
  proxyUpstream?: string;
  /** Where the load connects to reach the proxy (default: the proxy's listen address). */
  loadAddress?: StackAddress;
  startLoad: (address: StackAddress) => Promise<{ metricsUrl: string }>;
  recordProxy: (toxiproxyUrl: string, proxy: string) => void;
  log: (message: string) => void;
}

export async function startExternalStack(request: ExternalStackRequest): Promise<DrillStack> {
  const prometheus = new PrometheusClient(request.prometheusUrl, { timeoutMs: 5000 });
  await waitUntil(() => prometheus.ready(), {
    what: `prometheus did not answer /-/ready at ${request.prometheusUrl}`,
    withinMs: 10_000,
    intervalMs: 500,
  });
  const toxiproxy = new ToxiproxyClient(request.toxiproxyUrl);
  const version = await toxiproxy.version();
  const upstream =
    request.proxyUpstream ?? `${request.target.stream.host}:${request.target.stream.port}`;
  request.recordProxy(request.toxiproxyUrl, request.proxyName);
  const proxy = await toxiproxy.createProxy(
    request.proxyName,
    request.proxyListen ?? '127.0.0.1:0',
    upstream,
  );
  const listen = parseAddress(proxy.listen);
  request.log(
    `toxiproxy ${version} at ${request.toxiproxyUrl}: proxy ${request.proxyName} ${proxy.listen} -> ${upstream}`,
  );
  const followed = request.target.process
    ? new FollowedProcess(request.target.process, request.target.stream.port, request.log)
    : null;
  const loadAddress = request.loadAddress ?? listen;
  const load = await request.startLoad(loadAddress);
  if (request.target.metricsUrl) {
    const scraped = (await prometheus.targets()).some(
      (t) => t.scrapeUrl === request.target.metricsUrl && t.health === 'up',
    );
    if (!scraped) {
      request.log(
        `warning: prometheus at ${request.prometheusUrl} has no healthy scrape target ${request.target.metricsUrl}; the server-observed drop rate may be absent`,
      );
    }
  }
  return {
    provider: 'external',
    prometheus,
    // No Alertmanager of the drill's: the page is not checked (the drill says so).
    alertmanager: null,
    toxiproxy: { client: toxiproxy, proxy: request.proxyName, listen, netns: null },
    target: {
      stream: request.target.stream,
      metricsUrl: request.target.metricsUrl ?? '',
      process: () => followed?.process() ?? null,
      exit: () => null,
      stderrTail: () => '',
      restart: null,
      restarts: () => followed?.restarts ?? [],
      onRestart: (hook) => followed?.onRestart(hook),
      netns: null,
    },
    quiesce: () => {},
    // Parts we did not start are watched through their answers (the sampler's budget).
    brokenPart: () => null,
    describe: () => ({
      provider: 'external',
      prometheus: request.prometheusUrl,
      toxiproxy: `${request.toxiproxyUrl} (${version})`,
      proxy: `${proxy.listen} -> ${upstream}; load connects to ${loadAddress.host}:${loadAddress.port}`,
      target: `external ${request.target.stream.host}:${request.target.stream.port}`,
      loadMetrics: `${load.metricsUrl} (not scraped by the external Prometheus; client rates are computed here)`,
    }),
    stop: async () => {},
  };
}
