// Brings up the stack a run asks for and wires it to the ledger: every child and the
// proxy are recorded so a crash can be undone, and the load is started in this process
// against the proxy.

import type { ContainerInbox } from '../alerting/container-inbox.js';
import type { Ledger } from '../faults/ledger.js';
import type { LoadProgress, LoadSummary } from '../load/metrics/progress.js';
import { startLoad, type RunningLoad } from '../load/start-load.js';
import type { DrillPlan } from '../scenario/plan.js';
import type { DrillStack, StackAddress } from '../stack/drill-stack.js';
import { identityParams, type ProcessIdentity } from '../stack/process/proc-identity.js';
import { startDockerStack } from '../stack/docker-stack.js';
import { startExternalStack } from '../stack/external-stack.js';
import { startLocalStack, type LocalStackRequest } from '../stack/local-stack.js';
import { localClientRate, prometheusClientRate, type ClientRate } from './client-rate.js';
import { createNetns } from '../faults/netns.js';
import { toxiproxyParams } from '../faults/ownership.js';
import { NETNS_UNAVAILABLE_KEY } from '../faults/action.js';
import { netnsUnavailableReason } from '../faults/availability.js';
import { createSourcePool, sourcePoolUnavailableReason } from '../faults/source-pool.js';

/** Why the proxied path could not be given many source addresses, for the verdict. */
export const SOURCE_POOL_UNAVAILABLE_KEY = 'source-pool.unavailable';

/**
 * When the drill's actions need a network of their own (real packet loss between the
 * clients and Toxiproxy; kernel settings for the target's listener), make a namespace
 * and say which parts go in it; where the machine cannot, say why and let each action
 * decide whether it can go on without.
 */
async function placeInNetns(
  plan: DrillPlan,
  wiring: StackWiring,
): Promise<NonNullable<LocalStackRequest['netns']> | null> {
  const { netns: needed } = plan.faults.needs([
    ...plan.scenario.inject,
    ...plan.scenario.remediate,
  ]);
  const target = needed.includes('target');
  const proxy = needed.includes('proxy');
  if (!target && !proxy) return null;
  const why = netnsUnavailableReason();
  if (why) {
    wiring.shared.set(NETNS_UNAVAILABLE_KEY, why);
    wiring.log(`namespace: not created (${why}); actions that need it will say so`);
    return null;
  }
  const netns = await createNetns(wiring.drillId, ({ name, hostIf }) =>
    wiring.ledger.record('netns', { name, hostIf }, `delete network namespace ${name}`),
  );
  const parts = [target ? 'the target' : '', proxy ? 'Toxiproxy' : '']
    .filter(Boolean)
    .join(' and ');
  wiring.log(
    `namespace: ${netns.name} (${netns.nsAddress}) holds ${parts}; this host's end is ${netns.hostAddress}`,
  );
  return {
    name: netns.name,
    nsAddress: netns.nsAddress,
    hostAddress: netns.hostAddress,
    target,
    proxy,
  };
}

export type StackChoice =
  | {
      provider: 'local';
      /** An external TickStorm (`--target host:port --target-metrics URL`) instead of the reference target. */
      externalTarget?: { stream: StackAddress; metricsUrl: string; process?: ProcessIdentity };
    }
  | {
      provider: 'external';
      prometheusUrl: string;
      toxiproxyUrl: string;
      target: { stream: StackAddress; metricsUrl?: string; process?: ProcessIdentity };
      proxyListen?: string;
      proxyUpstream?: string;
      loadAddress?: StackAddress;
    }
  | {
      /** The reference target, Toxiproxy and Prometheus in containers (testcontainers). */
      provider: 'docker';
    };

export interface StackWiring {
  ledger: Ledger;
  /** Where a fault learns why the target could not get a namespace of its own. */
  shared: Map<string, unknown>;
  runId: string;
  workDir: string;
  scaledRulesFile: string;
  /** The drill's Alertmanager config (page-wiring.ts); the local and docker providers run Alertmanager with it. */
  alertmanagerConfig?: string;
  /** The page's receiver when it runs in a container (the docker provider starts it). */
  containerInbox?: ContainerInbox;
  log: (message: string) => void;
  drillId: string;
  /** Run the clients in this many worker processes (drills at once keep their event loops apart). */
  loadWorkers?: number;
}

export interface StartedStack {
  stack: DrillStack;
  clientRate: ClientRate;
  /** The clients' tallies so far, by outcome and drop reason. */
  loadProgress: () => LoadProgress | null;
  /** Ends every session as completed; resolves to what the clients saw, by outcome and reason. */
  stopLoad: () => Promise<LoadSummary | null>;
}

export async function startDrillStack(
  plan: DrillPlan,
  choice: StackChoice,
  wiring: StackWiring,
): Promise<StartedStack> {
  const { ledger, log } = wiring;
  let load: RunningLoad | null = null;
  const stopLoad = async (): Promise<LoadSummary | null> => (load ? await load.stop() : null);
  const loadProgress = () => (load ? load.progress() : null);
  const startPlannedLoad = async (address: StackAddress) => {
    load = await startLoad({
      address,
      profile: plan.load,
      ...(wiring.loadWorkers ? { workers: wiring.loadWorkers } : {}),
      metricsPort: 0,
      metricsHost: '127.0.0.1',
    });
    const scenarios = plan.load.scenarios.map((s) => `${s.name} (${s.executor})`).join(', ');
    log(`load: ${scenarios} against ${address.host}:${address.port}, metrics ${load.metricsUrl}`);
    return { metricsUrl: load.metricsUrl };
  };
  const recordProxy = (toxiproxyUrl: string, proxy: string) =>
    ledger.record(
      'proxy',
      { ...toxiproxyParams(toxiproxyUrl), proxy },
      `remove proxy ${proxy} from ${toxiproxyUrl}`,
    );

  try {
    if (choice.provider === 'external') {
      const stack = await startExternalStack({
        prometheusUrl: choice.prometheusUrl,
        toxiproxyUrl: choice.toxiproxyUrl,
        target: choice.target,
        proxyName: `chaos_${wiring.runId.replace(/-/g, '_')}_${plan.scenario.name.replace(/-/g, '_')}`,
        proxyListen: choice.proxyListen,
        proxyUpstream: choice.proxyUpstream,
        loadAddress: choice.loadAddress,
        startLoad: startPlannedLoad,
        recordProxy,
        log,
      });
      const counters = () => load!.progress();
      return {
        stack,
        clientRate: localClientRate(counters, plan.ruleWindowMs),
        stopLoad,
        loadProgress,
      };
    }
    if (choice.provider === 'docker') {
      const stack = await startDockerStack({
        name: `${wiring.runId}-${plan.scenario.name}`,
        rulesFile: wiring.scaledRulesFile,
        workDir: wiring.workDir,
        scrapeIntervalMs: plan.scrapeIntervalMs,
        evaluationIntervalMs: plan.evaluationIntervalMs,
        target: { env: targetEnv(plan) },
        startLoad: startPlannedLoad,
        ...(wiring.alertmanagerConfig && wiring.containerInbox
          ? {
              page: {
                alertmanagerConfig: wiring.alertmanagerConfig,
                receiverPublished: (url: string) => wiring.containerInbox!.readFrom(url),
              },
            }
          : {}),
        recordContainer: (container, part) =>
          ledger.record('container', { container, part }, `remove container ${container}`),
        recordNetwork: (network) =>
          ledger.record('network', { network }, `remove network ${network}`),
        recordProxy,
        log,
      });
      // Prometheus runs in a container and does not scrape this process's load.
      const counters = () => load!.progress();
      return {
        stack,
        clientRate: localClientRate(counters, plan.ruleWindowMs),
        stopLoad,
        loadProgress,
      };
    }
    const netns = choice.externalTarget ? null : await placeInNetns(plan, wiring);
    const stack = await startLocalStack({
      workDir: wiring.workDir,
      rulesFile: wiring.scaledRulesFile,
      scrapeIntervalMs: plan.scrapeIntervalMs,
      evaluationIntervalMs: plan.evaluationIntervalMs,
      target: choice.externalTarget
        ? { kind: 'external', ...choice.externalTarget }
        : {
            kind: 'reference',
            env: targetEnv(plan),
            supervisor: plan.scenario.target?.supervisor ?? 'none',
          },
      ...(netns ? { netns } : {}),
      loadDirect: plan.scenario.loadPath === 'direct',
      spreadSources: (upstream, targetNetns) =>
        spreadProxySources(wiring, netns, upstream, targetNetns),
      startLoad: startPlannedLoad,
      ...(wiring.alertmanagerConfig ? { alertmanagerConfig: wiring.alertmanagerConfig } : {}),
      recordChild: (name, identity) =>
        ledger.record(
          'process',
          { name, ...identityParams(identity) },
          `end ${name} (pid ${identity.pid})`,
        ),
      recordProxy,
      log,
    });
    return {
      stack,
      clientRate: prometheusClientRate(stack.prometheus, plan.queries.clientDropRate),
      stopLoad,
      loadProgress,
    };
  } catch (error) {
    await stopLoad();
    throw error;
  }
}

/**
 * Gives the proxy's upstream connections many source addresses where this machine allows
 * (root, nft, a target on loopback or in the drill's namespace); otherwise says why, for
 * the verdict, and leaves Toxiproxy's one address.
 */
async function spreadProxySources(
  wiring: StackWiring,
  netns: NonNullable<LocalStackRequest['netns']> | null,
  upstream: StackAddress,
  targetNetns: string | null,
): Promise<string> {
  const ours =
    upstream.host.startsWith('127.') ||
    (netns !== null && [netns.nsAddress, netns.hostAddress].includes(upstream.host));
  const why =
    sourcePoolUnavailableReason() ??
    (ours ? null : `the target ${upstream.host} is not on loopback or in the drill's namespace`);
  if (why) {
    wiring.shared.set(SOURCE_POOL_UNAVAILABLE_KEY, why);
    return `the target sees every client arrive from Toxiproxy's one address (${why}); a server that limits admissions per address will refuse them`;
  }
  const pool = await createSourcePool(wiring.drillId, upstream, targetNetns, (entry) =>
    wiring.ledger.record('source-pool', entry, `delete nftables table ip ${entry.table}`),
  );
  return pool.how;
}

/** The scenario's settings for the target, with the drill's credentials as the published
 *  server reads them: by environment, so the password is in no process list. */
function targetEnv(plan: DrillPlan): Record<string, string> {
  const env = { ...plan.scenario.target?.env };
  if (plan.asPublished !== null) env.AS_PUBLISHED = plan.asPublished;
  if (plan.credentials) {
    env.STREAM_USER = plan.credentials.username;
    env.STREAM_PASS = plan.credentials.password;
  }
  return env;
}
