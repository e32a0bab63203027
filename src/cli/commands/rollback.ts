// `chaos rollback`: undo everything a crashed or killed run left behind (its ledger),
// and end every child it started (checked by pid and start time).

import type { CommandModule } from 'yargs';
import { ExitCode } from '../../result/exit-code.js';
import { recoverAbandonedRuns } from '../../faults/recover.js';
import { ledgerDir } from '../../faults/state-dir.js';

export const rollbackCommand: CommandModule = {
  command: 'rollback',
  describe: 'Undo every fault and end every process left behind by a crashed run',
  handler: async () => {
    const runs = await recoverAbandonedRuns(ledgerDir(), (message) => console.log(message));
    if (runs.length === 0) {
      console.log(`nothing to roll back (no abandoned ledgers in ${ledgerDir()})`);
      return;
    }
    const incomplete = runs.filter((r) => !r.complete);
    for (const run of runs) {
      const undone = run.items.filter((i) => i.outcome === 'reverted').length;
      console.log(
        `run ${run.runId}: ${undone} of ${run.items.length} change(s) undone${run.complete ? '' : `; ledger kept at ${run.file}`}`,
      );
    }
    process.exit(incomplete.length === 0 ? ExitCode.Passed : ExitCode.InfrastructureError);
  },
};
