// The drill's stack as a user's fault kind sees it: its fault host is another process,
// so the stack crosses as data (addresses, names, the target's identity when the fault
// applied) and is rebuilt there with fresh HTTP clients for Prometheus and Toxiproxy.
// What only the chaos process can do (restart the target, follow its restarts, stop the
// stack) throws in the host, saying so. Shared state crosses the same way, as JSON.

import { PrometheusClient } from '../prom/client.js';
import type { DrillStack, StackAddress } from '../stack/drill-stack.js';
import type { ProcessIdentity } from '../stack/process/proc-identity.js';
import { ToxiproxyClient } from '../stack/toxiproxy/toxiproxy-client.js';

export interface StackView {
  provider: DrillStack['provider'];
  prometheusUrl: string;
  alertmanager: { url: string } | null;
  toxiproxy: {
    url: string;
    proxy: string;
    listen: StackAddress;
    netns: string | null;
    container: { name: string; proxyPort: number } | null;
  };
  target: {
    stream: StackAddress;
    metricsUrl: string;
    healthUrl: string | null;
    /** The target's process when the request was sent; null when not on this machine. */
    process: ProcessIdentity | null;
    netns: string | null;
    container: { name: string } | null;
  };
}

export function stackView(stack: DrillStack): StackView {
  const { toxiproxy, target } = stack;
  return {
    provider: stack.provider,
    prometheusUrl: stack.prometheus.baseUrl,
    alertmanager: stack.alertmanager,
    toxiproxy: {
      url: toxiproxy.client.url,
      proxy: toxiproxy.proxy,
      listen: toxiproxy.listen,
      netns: toxiproxy.netns,
      container: toxiproxy.container ?? null,
    },
    target: {
      stream: target.stream,
      metricsUrl: target.metricsUrl,
      healthUrl: target.healthUrl ?? null,
      process: target.process(),
      netns: target.netns,
      container: target.container ?? null,
    },
  };
}

function notHere(what: string): never {
  throw new Error(
    `${what} cannot be used from a user's fault kind: it runs in a fault host of its own, and only the chaos process holds the stack (use the addresses in context.stack, or a built-in kind such as restart-target)`,
  );
}

/** In the host: a DrillStack whose data is the view's, and whose actions say they cannot cross. */
export function stackFromView(view: StackView): DrillStack {
  return {
    provider: view.provider,
    prometheus: new PrometheusClient(view.prometheusUrl),
    alertmanager: view.alertmanager,
    toxiproxy: {
      client: new ToxiproxyClient(view.toxiproxy.url),
      proxy: view.toxiproxy.proxy,
      listen: view.toxiproxy.listen,
      netns: view.toxiproxy.netns,
      container: view.toxiproxy.container,
    },
    target: {
      stream: view.target.stream,
      metricsUrl: view.target.metricsUrl,
      ...(view.target.healthUrl ? { healthUrl: view.target.healthUrl } : {}),
      process: () => view.target.process,
      exit: () => null,
      stderrTail: () => '',
      restart: null,
      restarts: () => [],
      onRestart: () => notHere('stack.target.onRestart'),
      netns: view.target.netns,
      container: view.target.container,
    },
    quiesce: () => notHere('stack.quiesce'),
    brokenPart: () => null,
    describe: () => ({}),
    stop: () => notHere('stack.stop'),
  };
}

/** The entries that can cross as JSON (a value that cannot is left out, never half-sent). */
export function sharedData(shared: ReadonlyMap<string, unknown>): [string, unknown][] {
  const crossing: [string, unknown][] = [];
  for (const [key, value] of shared) {
    try {
      const text = JSON.stringify(value);
      if (text !== undefined) crossing.push([key, JSON.parse(text) as unknown]);
    } catch {
      // A handle, a function or a cycle: it stays in the chaos process.
    }
  }
  return crossing;
}

/** What the kind set or changed, compared with what it was given: sent back to the chaos process. */
export function sharedChanges(
  given: readonly [string, unknown][],
  now: ReadonlyMap<string, unknown>,
): [string, unknown][] {
  const before = new Map(given.map(([key, value]) => [key, JSON.stringify(value)]));
  return sharedData(now).filter(([key, value]) => before.get(key) !== JSON.stringify(value));
}
