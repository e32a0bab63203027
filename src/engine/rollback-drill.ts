// The rollback step, which always runs: stop the load, undo every fault and remediation
// (newest first), prove they are gone, then end the stack's processes, all from the
// ledger, so the same entries would be undone by `chaos rollback` after a crash.

import type { FaultRegistry } from '../faults/fault-registry.js';
import type { Ledger } from '../faults/ledger.js';
import { rollbackEntries } from '../faults/rollback.js';
import type { LoadSummary } from '../load/metrics/progress.js';
import type { DrillStack } from '../stack/drill-stack.js';
import type { RollbackRecord, StepResult } from '../result/run-result.js';
import type { Sampler } from './sampler.js';
import { StepClock } from './step-clock.js';

export interface RollbackInput {
  ledger: Ledger;
  stack: DrillStack | null;
  stopLoad: (() => Promise<LoadSummary | null>) | null;
  sampler: Sampler | null;
  log: (message: string) => void;
  /** The drill's fault kinds: their ledger entries' undoers, and which entries are the stack. */
  faults: FaultRegistry;
}

export async function rollbackDrill(
  input: RollbackInput,
): Promise<{ step: StepResult; records: RollbackRecord[]; load: LoadSummary | null }> {
  const { ledger, stack, log, faults: registry } = input;
  const clock = new StepClock('rollback', 'every fault rolled back');
  const problems: string[] = [];
  stack?.quiesce();

  // Removing a `timeout` toxic closes every connection through the proxy; the load
  // stops first so those closes are never counted as drops of the drill.
  let load: LoadSummary | null = null;
  if (input.stopLoad) {
    try {
      load = await input.stopLoad();
    } catch (error) {
      problems.push(`stopping the load failed: ${(error as Error).message}`);
    }
  }

  // CHAOS_TEST_ROLLBACK_PAUSE_MS exists for crash tests, to kill `chaos` in mid-rollback.
  const pauseMs = Number(process.env.CHAOS_TEST_ROLLBACK_PAUSE_MS ?? 0) || 0;
  const options = {
    pauseMs,
    ledgerKinds: registry.ledgerKinds,
    markReverted: (entry: Parameters<Ledger['markReverted']>[0]) => ledger.markReverted(entry),
    log,
    runId: ledger.runId,
  };
  // The stack's own entries (processes, proxy, namespace, work folder) go after the faults.
  const faultEntries = ledger.pending().filter((entry) => !registry.isStackEntry(entry.kind));
  const records: RollbackRecord[] = await rollbackEntries(faultEntries, options);

  // Prove it: no toxic left on the proxy.
  if (stack && !stack.brokenPart()) {
    try {
      const left = await stack.toxiproxy.client.toxicNames(stack.toxiproxy.proxy);
      if (left.length > 0)
        problems.push(`toxics still on proxy ${stack.toxiproxy.proxy}: ${left.join(', ')}`);
      else
        clock.evidence.push({
          kind: 'note',
          text: `proxy ${stack.toxiproxy.proxy} has no toxics left`,
        });
    } catch (error) {
      problems.push(`could not list the proxy's toxics: ${(error as Error).message}`);
    }
  }

  input.sampler?.stop();
  records.push(...(await rollbackEntries(ledger.pending(), options)));
  if (stack) await stack.stop();
  ledger.close();

  const failed = records.filter((r) => r.outcome === 'failed');
  for (const record of failed) problems.push(`${record.description}: ${record.detail}`);
  for (const record of records)
    clock.evidence.push({ kind: 'note', text: `${record.outcome}: ${record.detail}` });
  if (problems.length > 0) {
    return {
      step: clock.end('error', `rollback incomplete: ${problems.join('; ')}`),
      records,
      load,
    };
  }
  const faults = records.filter((r) => !registry.isStackEntry(r.kind)).length;
  return {
    step: clock.end(
      'pass',
      `${faults} fault and remediation change${faults === 1 ? '' : 's'} undone; stack stopped`,
    ),
    records,
    load,
  };
}
