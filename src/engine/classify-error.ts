// How an exception that ended a drill's step becomes its outcome: the target dying is the
// system under test failing (with the kernel's OOM kill named when it did it), the stack or
// the framework breaking is an error, and anything unexpected says so.

import type { FaultRegistry } from '../faults/fault-registry.js';
import { CommandError } from '../proc/run-command.js';
import { UntrustedStateDirError } from '../faults/state-dir.js';
import { PrometheusError } from '../prom/prometheus-error.js';
import { MissingToolError } from '../stack/missing-tool-error.js';
import { ReadinessError } from '../stack/process/readiness.js';
import { ToxiproxyUnavailableError } from '../stack/toxiproxy/toxiproxy-client.js';
import { InfrastructureError, InterruptedError, TargetDiedError } from './drill-errors.js';
import type { Outcome } from '../result/outcome.js';

export function classify(error: unknown): { outcome: Outcome; message: string } {
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof TargetDiedError) return { outcome: 'fail', message };
  if (error instanceof InterruptedError) return { outcome: 'error', message };
  if (
    error instanceof InfrastructureError ||
    error instanceof ReadinessError ||
    error instanceof MissingToolError ||
    error instanceof CommandError ||
    error instanceof PrometheusError ||
    error instanceof ToxiproxyUnavailableError ||
    error instanceof UntrustedStateDirError
  ) {
    return { outcome: 'error', message };
  }
  return { outcome: 'error', message: `unexpected: ${message}` };
}

/** When the target died, what the drill's fault kinds know about why (an OOM kill in their cgroup). */
export function targetDeathNote(
  error: unknown,
  faults: FaultRegistry,
  shared: ReadonlyMap<string, unknown>,
): string {
  if (!(error instanceof TargetDiedError)) return '';
  return faults
    .explainTargetDeath(shared)
    .map((note) => `; ${note}`)
    .join('');
}
