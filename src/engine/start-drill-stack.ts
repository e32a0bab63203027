// Brings up the stack a plan asks for and wires it to the ledger: every child and the
// proxy are recorded so a crash can be undone, and the load is started in this process
// against the proxy (its metrics served here for Prometheus to scrape).

import type { Ledger } from '../faults/ledger.js';
import { startLoad } from '../load/start-load.js';
import type { DrillPlan } from '../scenario/plan.js';
import type { DrillStack, StackAddress } from '../stack/drill-stack.js';
import { startLocalStack } from '../stack/local-stack.js';

export type StackChoice = {
  provider: 'local';
  /** An external TickStorm (`--target host:port --target-metrics URL`) instead of the reference target. */
  externalTarget?: { stream: StackAddress; metricsUrl: string };
};

export interface StackWiring {
  ledger: Ledger;
  workDir: string;
  scaledRulesFile: string;
  log: (message: string) => void;
}

export async function startDrillStack(
  plan: DrillPlan,
  choice: StackChoice,
  wiring: StackWiring,
): Promise<{ stack: DrillStack; stopLoad: () => Promise<void> }> {
  const { ledger, log } = wiring;
  let stopLoad: () => Promise<void> = async () => {};
  const stack = await startLocalStack({
    workDir: wiring.workDir,
    rulesFile: wiring.scaledRulesFile,
    scrapeIntervalMs: plan.scrapeIntervalMs,
    evaluationIntervalMs: plan.evaluationIntervalMs,
    target: choice.externalTarget
      ? { kind: 'external', ...choice.externalTarget }
      : { kind: 'reference', env: plan.scenario.target?.env ?? {} },
    startLoad: async (address) => {
      const load = await startLoad({
        address,
        profile: plan.load,
        metricsPort: 0,
        metricsHost: '127.0.0.1',
      });
      stopLoad = async () => {
        await load.stop();
      };
      log(
        `load: ${plan.load.scenarios.map((s) => `${s.name} (${s.executor})`).join(', ')} against ${address.host}:${address.port}, metrics ${load.metricsUrl}`,
      );
      return { metricsUrl: load.metricsUrl };
    },
    recordChild: (name, identity) =>
      ledger.record(
        'process',
        { name, pid: identity.pid, startTime: identity.startTime },
        `end ${name} (pid ${identity.pid})`,
      ),
    recordProxy: (toxiproxyUrl, proxy) =>
      ledger.record('proxy', { toxiproxyUrl, proxy }, `remove proxy ${proxy} from ${toxiproxyUrl}`),
    log,
  }).catch(async (error) => {
    await stopLoad();
    throw error;
  });
  return { stack, stopLoad: () => stopLoad() };
}
