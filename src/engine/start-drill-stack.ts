// Brings up the stack a run asks for and wires it to the ledger: every child and the
// proxy are recorded so a crash can be undone, and the load is started in this process
// against the proxy.

import type { Ledger } from '../faults/ledger.js';
import { startLoad, type RunningLoad } from '../load/start-load.js';
import type { DrillPlan } from '../scenario/plan.js';
import type { DrillStack, StackAddress } from '../stack/drill-stack.js';
import { startDockerStack } from '../stack/docker-stack.js';
import { startExternalStack } from '../stack/external-stack.js';
import { startLocalStack } from '../stack/local-stack.js';
import { localClientRate, prometheusClientRate, type ClientRate } from './client-rate.js';

export type StackChoice =
  | {
      provider: 'local';
      /** An external TickStorm (`--target host:port --target-metrics URL`) instead of the reference target. */
      externalTarget?: { stream: StackAddress; metricsUrl: string };
    }
  | {
      provider: 'external';
      prometheusUrl: string;
      toxiproxyUrl: string;
      target: { stream: StackAddress; metricsUrl?: string };
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
  runId: string;
  workDir: string;
  scaledRulesFile: string;
  log: (message: string) => void;
}

export interface StartedStack {
  stack: DrillStack;
  clientRate: ClientRate;
  stopLoad: () => Promise<void>;
}

export async function startDrillStack(
  plan: DrillPlan,
  choice: StackChoice,
  wiring: StackWiring,
): Promise<StartedStack> {
  const { ledger, log } = wiring;
  let load: RunningLoad | null = null;
  const stopLoad = async () => {
    if (load) await load.stop();
  };
  const startPlannedLoad = async (address: StackAddress) => {
    load = await startLoad({
      address,
      profile: plan.load,
      metricsPort: 0,
      metricsHost: '127.0.0.1',
    });
    const scenarios = plan.load.scenarios.map((s) => `${s.name} (${s.executor})`).join(', ');
    log(`load: ${scenarios} against ${address.host}:${address.port}, metrics ${load.metricsUrl}`);
    return { metricsUrl: load.metricsUrl };
  };
  const recordProxy = (toxiproxyUrl: string, proxy: string) =>
    ledger.record('proxy', { toxiproxyUrl, proxy }, `remove proxy ${proxy} from ${toxiproxyUrl}`);

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
      const counters = () => {
        const progress = load!.progress();
        return { started: progress.started, droppedTotal: progress.droppedTotal };
      };
      return { stack, clientRate: localClientRate(counters, plan.ruleWindowMs), stopLoad };
    }
    if (choice.provider === 'docker') {
      const stack = await startDockerStack({
        name: `${wiring.runId}-${plan.scenario.name}`,
        rulesFile: wiring.scaledRulesFile,
        scrapeIntervalMs: plan.scrapeIntervalMs,
        evaluationIntervalMs: plan.evaluationIntervalMs,
        target: { env: plan.scenario.target?.env ?? {} },
        startLoad: startPlannedLoad,
        recordContainer: (container, part) =>
          ledger.record('container', { container, part }, `remove container ${container}`),
        recordNetwork: (network) =>
          ledger.record('network', { network }, `remove network ${network}`),
        recordProxy,
        log,
      });
      // Prometheus runs in a container and does not scrape this process's load.
      const counters = () => load!.progress();
      return { stack, clientRate: localClientRate(counters, plan.ruleWindowMs), stopLoad };
    }
    const stack = await startLocalStack({
      workDir: wiring.workDir,
      rulesFile: wiring.scaledRulesFile,
      scrapeIntervalMs: plan.scrapeIntervalMs,
      evaluationIntervalMs: plan.evaluationIntervalMs,
      target: choice.externalTarget
        ? { kind: 'external', ...choice.externalTarget }
        : { kind: 'reference', env: plan.scenario.target?.env ?? {} },
      startLoad: startPlannedLoad,
      recordChild: (name, identity) =>
        ledger.record(
          'process',
          { name, pid: identity.pid, startTime: identity.startTime },
          `end ${name} (pid ${identity.pid})`,
        ),
      recordProxy,
      log,
    });
    return {
      stack,
      clientRate: prometheusClientRate(stack.prometheus, plan.queries.clientDropRate),
      stopLoad,
    };
  } catch (error) {
    await stopLoad();
    throw error;
  }
}
