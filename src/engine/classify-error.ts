// How an exception that ended a drill's step becomes its outcome: the target dying is the
// system under test failing (with the kernel's OOM kill named when it did it), the stack or
// the framework breaking is an error, and anything unexpected says so.

import { oomKills, type MemoryCgroup } from '../faults/cgroup-memory.js';
import { MEMORY_CGROUP_KEY } from '../faults/memory-pressure-action.js';
import { CommandError } from '../faults/run-command.js';
import { UntrustedStateDirError } from '../faults/state-dir.js';
import { PrometheusError } from '../prom/prometheus-error.js';
import { MissingToolError } from '../stack/missing-tool-error.js';
import { ReadinessError } from '../stack/process/readiness.js';
import { ToxiproxyUnavailableError } from '../stack/toxiproxy/toxiproxy-client.js';
import { InfrastructureError, InterruptedError, TargetDiedError } from './drill-errors.js';
import type { Outcome } from './outcome.js';

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

/** When the target died inside the drill's memory cgroup, whether the kernel OOM-killed in it. */
export function oomNote(error: unknown, shared: Map<string, unknown>): string {
  if (!(error instanceof TargetDiedError)) return '';
  const group = shared.get(MEMORY_CGROUP_KEY) as MemoryCgroup | undefined;
  if (!group) return '';
  try {
    const kills = oomKills(group);
    return kills > 0
      ? `; the kernel OOM-killed ${kills} process${kills > 1 ? 'es' : ''} in cgroup ${group.dir} (memory limit reached)`
      : `; no OOM kill recorded in cgroup ${group.dir}`;
  } catch {
    return '';
  }
}
