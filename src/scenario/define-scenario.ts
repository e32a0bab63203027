// `defineScenario()` is an identity function: it only gives scenario files types
// (Vitest's defineConfig). Validation happens when a file is loaded (loader.ts).

import type { ProfileInput } from '../load/profile/profile-types.js';
import type { AnyFaultKind } from '../faults/fault-kind.js';
import type { ActionSpecWith } from './action-spec.js';
import type { StopCondition } from './scenario-schema.js';

export interface ScenarioInput<Faults extends readonly AnyFaultKind[] = readonly AnyFaultKind[]> {
  /** Short name used on the command line: `chaos run fd-exhaustion`. */
  name: string;
  description: string;
  /** The runbook cause this drill exercises, in the runbook's words. */
  cause?: string;
  alert: {
    /** The alert rule's name, as in the rules file. */
    name: string;
    /** Rules file, relative to the project root (or absolute). `--rules` overrides it. */
    rules: string;
    /** The alert's threshold on the drop-rate percentage (the runbook's 0.5). */
    threshold: number;
    /** Runbook-scale bound for the alert to be firing after the fault; default derives from the rule. */
    firesWithin?: string;
  };
  target?: {
    /** Extra environment for the reference target (its TickStorm variables). */
    env?: Record<string, string>;
    /**
     * `restart`: a supervisor (systemd, Kubernetes) restarts the target when it dies, and
     * the drill goes on; `none` (default): the target dying is the drill's failure.
     */
    supervisor?: 'none' | 'restart';
  };
  /** Load in k6's shapes; durations at runbook scale. */
  load: ProfileInput;
  /**
   * How the load reaches the target: through Toxiproxy (default, where toxics act), or
   * directly, for causes Toxiproxy would hide (it dials the target one connection at a
   * time, so a connection storm through it arrives serialized).
   */
  loadPath?: 'proxy' | 'direct';
  /**
   * AUTH credentials for the drill's clients, also given to a local reference target.
   * `chaos run --user/--password` and STREAM_USER/STREAM_PASS (or AUTH_USERNAME/
   * AUTH_PASSWORD) win over these. Prefer the environment for a real password.
   */
  credentials?: { username?: string; password?: string };
  baseline?: {
    /** Runbook-scale steady-state period before the fault; default one rule window. */
    duration?: string;
    /** Fewest new connections the target must see per rule window for a rate to mean something. */
    minConnectionsPerWindow?: number;
  };
  /**
   * Fault kinds of the scenario's own (defineFault), each the default export of
   * `faults/<type>.ts` beside this file; `inject` and `remediate` may then use them.
   */
  faults?: Faults;
  inject: ActionSpecWith<Faults>[];
  remediate: ActionSpecWith<Faults>[];
  verify: {
    /** The runbook's verification PromQL, at runbook scale. */
    query: string;
    /** The runbook's escalation time: remediation must have worked by then. */
    within: string;
  };
  /**
   * Game-day safety: the drill stops at once, rolls back, and ends aborted when one of these
   * returns any sample (`ALERTS{alertname="X",alertstate="firing"}`, `rate(e[1m]) > 0.1`).
   * `chaos run --stop-when` adds more.
   */
  stopWhen?: StopCondition[];
  /** What the runbook says for this cause: shown to the operator in game-day mode, linked in reports. */
  runbook?: {
    /** The runbook section for this cause (a heading of the file given with --runbook). */
    section: string;
    /** The remediation in the runbook's words; `{targetPid}` is replaced with the target's pid. */
    remediation: string;
  };
  /**
   * What the page must look like when the alert fires: the drill runs Alertmanager with
   * this config (its integrations replaced by the drill's webhook) and checks what arrives.
   */
  page?: PageSpec;
  /** Drop-rate queries for the live view and the baseline; defaults measure the runbook's ratio. */
  steadyState?: {
    dropRate?: string;
    clientDropRate?: string;
    /** New connections per rule window, for the baseline's "enough traffic" check. */
    traffic?: string;
  };
}

export interface PageSpec {
  /** The user's alertmanager.yml, relative to the project root; `--alertmanager-config` overrides it. */
  alertmanagerConfig: string;
  /** The receiver the page must reach, by its name in that config. */
  receiver: string;
  /** Labels the delivered alert must carry, with these values. */
  labels?: Record<string, string>;
  /** Annotations that must be set and non-empty: `summary`, `runbook_url`. */
  annotations?: string[];
  /** Runbook-scale bounds on time to notify. */
  within?: { fromFault?: string; fromFiring?: string };
  /** Whether a resolved notification must follow the remediation; default: when the receiver sends resolved. */
  resolved?: boolean;
}

export function defineScenario<const Faults extends readonly AnyFaultKind[] = []>(
  scenario: ScenarioInput<Faults>,
): ScenarioInput<Faults> {
  return scenario;
}
