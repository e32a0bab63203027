// The docker provider: the same stack as the local one, in containers on one network,
// through testcontainers: the reference target built from the repository's Dockerfile,
// Toxiproxy in front of it, Prometheus scraping it with the drill's rules, and, for a
// page, Alertmanager with the drill's config posting to a webhook receiver run from the
// target image. The load runs in this process and reaches the proxy through its
// published port; the client drop rate is computed here, and the receiver is read
// through its published port, so nothing on this machine has to be reachable from
// containers.

import type { TargetRestart } from '../result/run-result.js';
import { isLoopbackHost } from '../tickstorm/listen-address.js';
import type { StartedNetwork } from 'testcontainers';
import { projectRoot } from '../paths.js';
import { PrometheusClient } from '../prom/client.js';
import { loadTestcontainers } from './containers/container-engine.js';
import { ContainerWatch, describeEnd, endReason } from './containers/container-watch.js';
import {
  ALERTMANAGER_ALIAS,
  ALERTMANAGER_IMAGE,
  ALERTMANAGER_PORT,
  PROMETHEUS_IMAGE,
  PROMETHEUS_PORT,
  PROXY_PORT,
  TARGET_IMAGE,
  TARGET_PORTS,
  TOXIPROXY_API_PORT,
  TOXIPROXY_IMAGE,
  RECEIVER_ALIAS,
  RECEIVER_PORT,
} from './containers/images.js';
import { LOOPBACK, loopbackContainer } from './containers/loopback-container.js';
import type { DrillStack, StackAddress } from './drill-stack.js';
import { type PagingRequest, type Part, startPaging } from './docker-paging.js';
import { PROXY_NAME } from './local-stack.js';
import { MissingToolError } from './missing-tool-error.js';
import { prometheusConfig } from './prometheus/prometheus-config.js';
import { ReadinessError, waitUntil } from './process/readiness.js';
import { ToxiproxyClient } from './toxiproxy/toxiproxy-client.js';
import { withDeadline } from '../bounds.js';
import { join } from 'node:path';
import { stageBuildContext } from './containers/build-context.js';
import { buildTargetImage } from './containers/build-target-image.js';
import { containerState, setContainerMemory } from './containers/docker-cli.js';
import { processStartTime, type ProcessIdentity } from './process/proc-identity.js';

export interface DockerStackRequest {
  /** Names the network and containers (`chaos-<name>-<part>`), so leftovers are findable. */
  name: string;
  rulesFile: string;
  /** The drill's ledgered work folder: the target's build context is staged in it. */
  workDir: string;
  scrapeIntervalMs: number;
  evaluationIntervalMs: number;
  target: { env: Record<string, string> };
  startLoad: (address: StackAddress) => Promise<{ metricsUrl: string }>;
  /**
   * The drill's page: Alertmanager runs with this config (its webhooks already point at
   * the receiver's alias), and `receiverPublished` learns where this machine reads the
   * receiver once it runs.
   */
  page?: PagingRequest;
  /** Called before each container is created, so a crash leaves a ledger entry to remove it. */
  recordContainer: (container: string, part: string) => void;
  recordNetwork: (network: string) => void;
  recordProxy: (toxiproxyUrl: string, proxy: string) => void;
  log: (message: string) => void;
}

const RULES_IN_CONTAINER = '/etc/prometheus/rules/drill.rules.yml';
const CONFIG_IN_CONTAINER = '/etc/prometheus/prometheus.yml';
/** A first run pulls images and builds the target: minutes, not seconds. */
const BUILD_WITHIN_MS = 15 * 60_000;
const START_WITHIN_MS = 5 * 60_000;

export async function startDockerStack(request: DockerStackRequest): Promise<DrillStack> {
  const testcontainers = await loadTestcontainers();
  const engine = await within(
    testcontainers.getContainerRuntimeClient(),
    15_000,
    'reach a container engine',
  ).catch((error: Error) => {
    throw new MissingToolError(
      `no container engine answers (${error.message}); start Docker (or set DOCKER_HOST), or run the drill with --provider local`,
    );
  });
  const engineHost = engine.info.containerRuntime.host;
  if (!isLoopbackHost(engineHost)) {
    throw new MissingToolError(
      `the container engine at ${engineHost} is not on this machine; the docker provider publishes ports on 127.0.0.1 only, so use a local engine or --provider external`,
    );
  }

  const parts: Part[] = [];
  let network: StartedNetwork | null = null;
  const stopAll = async () => {
    for (const part of [...parts].reverse()) {
      part.watch.expectEnd();
      // Already removed by the ledger's undo at the end of a drill: nothing to do.
      await within(part.container.stop({ timeout: 5000, remove: true }), 30_000, 'stop').catch(
        () => {},
      );
    }
    if (network) await within(network.stop(), 30_000, 'remove the network').catch(() => {});
  };
  const startPart = async (
    part: string,
    image: string,
    configure: (container: ReturnType<typeof loopbackContainer>) => void,
  ): Promise<Part> => {
    const name = `chaos-${request.name}-${part}`;
    const watch = new ContainerWatch(part, async () => {
      const info = await engine.container.inspect(engine.container.getById(name));
      const code = info.State.ExitCode ?? null;
      return info.State.OOMKilled ? { code, oomKilled: true as const } : { code };
    });
    const container = loopbackContainer(testcontainers, image)
      .withName(name)
      .withNetwork(network!)
      .withLogConsumer(watch.consume);
    configure(container);
    request.recordContainer(name, part);
    const started = await within(
      container.start(),
      START_WITHIN_MS,
      `start ${name} (${image})`,
    ).catch((error: Error) => {
      const tail = watch.tail(10);
      throw new ReadinessError(
        `${name} (${image}) did not start: ${error.message}${tail ? `; its last lines:\n${tail}` : ''}`,
      );
    });
    const entry = { name, container: started, watch };
    parts.push(entry);
    return entry;
  };
  const published = (part: Part, port: number): StackAddress => ({
    host: LOOPBACK,
    port: part.container.getMappedPort(port),
  });

  try {
    const networkName = `chaos-${request.name}`;
    request.recordNetwork(networkName);
    network = await within(
      new testcontainers.Network({ nextUuid: () => networkName }).start(),
      60_000,
      `create the network ${networkName}`,
    );

    request.log(
      `target: building ${TARGET_IMAGE} from ${projectRoot}Dockerfile (cached after the first build)`,
    );
    const builtWith = await within(
      buildTargetImage(
        testcontainers,
        TARGET_IMAGE,
        stageBuildContext(projectRoot, join(request.workDir, 'target-image')),
        BUILD_WITHIN_MS,
      ),
      BUILD_WITHIN_MS + 30_000,
      `build ${TARGET_IMAGE}`,
    );
    request.log(`target: ${TARGET_IMAGE} built (${builtWith})`);
    // A fixed instance_id keeps one series per counter across a rollout (a reset, not a
    // new instance), as the local provider does: otherwise the new container's fresh
    // series would answer the verification alone, before it has seen any load.
    let targetEnv = { INSTANCE_ID: 'tickstorm-0', ...request.target.env };
    const startTarget = () =>
      startPart('target', TARGET_IMAGE, (c) =>
        c
          .withNetworkAliases('tickstorm')
          .withEnvironment(targetEnv)
          .withExposedPorts(TARGET_PORTS.stream, TARGET_PORTS.metrics, TARGET_PORTS.health)
          // Explicit: without one, testcontainers (12+) waits on the image's HEALTHCHECK,
          // whose first probe comes only after its 10 s interval.
          .withWaitStrategy(testcontainers.Wait.forHttp('/health', TARGET_PORTS.health))
          .withStartupTimeout(60_000),
      );
    let target = await startTarget();
    const targetStream = () => published(target, TARGET_PORTS.stream);
    const targetMetricsUrl = () => {
      const metrics = published(target, TARGET_PORTS.metrics);
      return `http://${metrics.host}:${metrics.port}/metrics`;
    };
    request.log(
      `target: container ${target.name}, stream ${targetStream().host}:${targetStream().port}`,
    );
    const restartHooks: ((identity: ProcessIdentity) => Promise<void>)[] = [];
    const restarts: TargetRestart[] = [];
    // A rollout of a container is a new container: the old one is stopped as a rollout
    // stops it (SIGTERM, then a grace period) and removed, and a new one takes its name,
    // its network alias and its memory limit, with the variables added.
    const restartTarget = async (env: Record<string, string>): Promise<ProcessIdentity> => {
      const old = target;
      const limits = await containerState(old.name);
      old.watch.expectEnd();
      await within(
        old.container.stop({ timeout: 10_000, remove: true }),
        60_000,
        `stop ${old.name}`,
      );
      const at = parts.indexOf(old);
      if (at >= 0) parts.splice(at, 1);
      targetEnv = { ...targetEnv, ...env };
      target = await startTarget();
      if (limits && limits.memory > 0)
        await setContainerMemory(target.name, limits.memory, limits.memorySwap);
      const now = await containerState(target.name);
      if (!now) throw new ReadinessError(`${target.name} vanished right after it started`);
      const identity = { pid: now.hostPid, startTime: processStartTime(now.hostPid) ?? 0 };
      for (const hook of restartHooks) await hook(identity);
      restarts.push({
        at: new Date().toISOString(),
        by: 'drill',
        how: `the drill's rollout: container ${old.name} replaced (its main process is pid ${identity.pid} on this machine)`,
        toPid: identity.pid,
      });
      return identity;
    };

    const toxiproxyPart = await startPart('toxiproxy', TOXIPROXY_IMAGE, (c) =>
      c
        .withNetworkAliases('toxiproxy')
        .withExposedPorts(TOXIPROXY_API_PORT, PROXY_PORT)
        .withWaitStrategy(testcontainers.Wait.forHttp('/version', TOXIPROXY_API_PORT))
        .withStartupTimeout(30_000),
    );
    const api = published(toxiproxyPart, TOXIPROXY_API_PORT);
    const toxiproxyUrl = `http://${api.host}:${api.port}`;
    const toxiproxy = new ToxiproxyClient(toxiproxyUrl);
    const upstream = `tickstorm:${TARGET_PORTS.stream}`;
    request.recordProxy(toxiproxyUrl, PROXY_NAME);
    // Inside its container the proxy listens on every interface of that container only;
    // this machine reaches it through the port published on 127.0.0.1.
    await toxiproxy.createProxy(PROXY_NAME, `0.0.0.0:${PROXY_PORT}`, upstream);
    const listen = published(toxiproxyPart, PROXY_PORT);
    request.log(
      `toxiproxy: ${toxiproxyUrl}, proxy ${PROXY_NAME} ${listen.host}:${listen.port} -> ${upstream}`,
    );

    const load = await request.startLoad(listen);

    const paging = request.page
      ? await startPaging(testcontainers, request.page, startPart, published)
      : null;
    const config = prometheusConfig({
      scrapeIntervalMs: request.scrapeIntervalMs,
      evaluationIntervalMs: request.evaluationIntervalMs,
      ruleFiles: [RULES_IN_CONTAINER],
      jobs: [{ job: 'tickstorm', url: `http://tickstorm:${TARGET_PORTS.metrics}/metrics` }],
      ...(paging ? { alertmanagers: [`${ALERTMANAGER_ALIAS}:${ALERTMANAGER_PORT}`] } : {}),
    });
    const prometheusPart = await startPart('prometheus', PROMETHEUS_IMAGE, (c) =>
      c
        .withCopyContentToContainer([{ content: config, target: CONFIG_IN_CONTAINER, mode: 0o644 }])
        .withCopyFilesToContainer([
          { source: request.rulesFile, target: RULES_IN_CONTAINER, mode: 0o644 },
        ])
        .withCommand([
          `--config.file=${CONFIG_IN_CONTAINER}`,
          '--storage.tsdb.path=/prometheus',
          '--storage.tsdb.retention.time=1d',
          '--web.enable-lifecycle',
          '--log.level=warn',
        ])
        .withExposedPorts(PROMETHEUS_PORT)
        .withWaitStrategy(testcontainers.Wait.forHttp('/-/ready', PROMETHEUS_PORT))
        .withStartupTimeout(60_000),
    );
    const prometheusAddress = published(prometheusPart, PROMETHEUS_PORT);
    const prometheusUrl = `http://${prometheusAddress.host}:${prometheusAddress.port}`;
    const prometheus = new PrometheusClient(prometheusUrl, { timeoutMs: 5000 });
    request.log(`prometheus: ${prometheusUrl} (container ${prometheusPart.name})`);

    // The baseline only means something once the target has been scraped.
    await waitUntil(
      async () => {
        const targets = await prometheus.targets();
        return targets.length >= 1 && targets.every((t) => t.health === 'up');
      },
      {
        what: `prometheus at ${prometheusUrl} did not scrape the target (tickstorm:${TARGET_PORTS.metrics}) successfully`,
        withinMs: 10_000 + 5 * request.scrapeIntervalMs,
        intervalMs: 200,
      },
    );

    return {
      provider: 'docker',
      prometheus,
      alertmanager: paging ? { url: paging.alertmanagerUrl } : null,
      toxiproxy: {
        client: toxiproxy,
        proxy: PROXY_NAME,
        listen,
        netns: null,
        container: { name: toxiproxyPart.name, proxyPort: PROXY_PORT },
      },
      target: {
        // A restart publishes new ports: read them from the container of the moment.
        get stream() {
          return targetStream();
        },
        get metricsUrl() {
          return targetMetricsUrl();
        },
        // Its process lives in the container's namespaces: OS-level faults act through
        // the engine, on the container named here.
        process: () => null,
        container: {
          get name() {
            return target.name;
          },
        },
        exit: () => {
          const end = target.watch.ended;
          if (!end) return null;
          const reason = endReason(end);
          return { code: end.code, signal: null, ...(reason ? { reason } : {}) };
        },
        stderrTail: () => target.watch.tail(10),
        restart: restartTarget,
        restarts: () => restarts,
        onRestart: (hook) => restartHooks.push(hook),
        netns: null,
      },
      quiesce: () => {},
      brokenPart: () => {
        for (const part of [prometheusPart, toxiproxyPart, ...(paging?.parts ?? [])]) {
          const end = part.watch.ended;
          if (end)
            return `${describeEnd(part.watch.part, end)}; its last lines:\n${part.watch.tail(5)}`;
        }
        return null;
      },
      describe: () => ({
        provider: 'docker',
        prometheus: `${prometheusUrl} (container ${prometheusPart.name}, ${PROMETHEUS_IMAGE})`,
        toxiproxy: `${toxiproxyUrl} (container ${toxiproxyPart.name}, ${TOXIPROXY_IMAGE})`,
        proxy: `${listen.host}:${listen.port} -> ${upstream}`,
        target: `reference TickStorm in container ${target.name} (${TARGET_IMAGE})`,
        ...(paging
          ? {
              alertmanager: `${paging.alertmanagerUrl} (container ${paging.parts[1].name}, ${ALERTMANAGER_IMAGE})`,
              receiver: `${paging.receiverUrl} (container ${paging.parts[0].name}, ${RECEIVER_ALIAS}:${RECEIVER_PORT} on the drill's network)`,
            }
          : {}),
        targetMetrics: targetMetricsUrl(),
        loadMetrics: `${load.metricsUrl} (not scraped by the containers' Prometheus; client rates are computed here)`,
      }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Every wait has a bound; a step past it is a readiness error that names it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return withDeadline(
    promise,
    ms,
    () => new ReadinessError(`could not ${what} within ${ms / 1000} s`),
  );
}
