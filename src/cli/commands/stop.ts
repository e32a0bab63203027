// `chaos stop [--all | ID]`: the game day's kill switch. Asks running drills on this
// machine to abort and roll back now (a request file beside each ledger, never a signal to
// a process not proven ours), waits for each to say what it undid, and prints it.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../result/exit-code.js';
import { ledgerDir } from '../../faults/state-dir.js';
import {
  requestStop,
  runningDrills,
  takeStopAnswer,
  withdrawStopRequest,
  type RunningDrill,
  type StopAnswer,
} from '../../engine/stop-request.js';
import { UsageError } from '../usage-error.js';
import { plainNumber } from '../plain-number.js';
import { typedValue } from '../run-flags.js';

interface StopArgs {
  id?: string;
  all: boolean;
  wait: number;
}

/** After its ledger is gone, how long a drill may take to write its answer (reports, stack). */
const ANSWER_GRACE_MS = 10_000;
const POLL_MS = 250;
const PROGRESS_EVERY_MS = 5000;

export const stopCommand: CommandModule<object, StopArgs> = {
  command: 'stop [id]',
  describe: 'Abort running drills on this machine now: each rolls back and says what it undid',
  builder: (yargs: Argv) =>
    yargs
      .positional('id', {
        type: 'string',
        describe: 'a drill id (as listed) or a run id (every drill of that run)',
      })
      .option('all', {
        type: 'boolean',
        default: false,
        describe: 'stop every drill running on this machine',
      })
      .option('wait', {
        type: 'number',
        default: 300,
        describe: 'seconds to wait for the drills to finish rolling back',
      })
      .epilogue(
        'Each drill notices the request at its next sample (a drill still starting its stack, once it is up), aborts as a stop condition would, rolls back every fault, and ends aborted; its run exits 4 (Aborted) and stops its other drills. Exit codes: 0 every drill asked has rolled back (or none was running), 2 no drill named (the running ones are listed), 3 a drill did not finish rolling back in time or left something undone. Drills on this machine only: there is no Kubernetes provider yet, so nothing here reaches a drill in a cluster.',
      )
      .example('$0 stop', 'list the running drills')
      .example('$0 stop --all', 'stop every one of them') as unknown as Argv<StopArgs>,
  handler: async (args: ArgumentsCamelCase<StopArgs>) => {
    if (args.all && args.id !== undefined)
      throw new UsageError(`name a drill (${args.id}) or use --all, not both`);
    // Run and drill ids are stamps and scenario names: anything else names no drill.
    if (args.id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(String(args.id)))
      throw new UsageError(
        `expected a run or drill id like 20261208-012237-ban8 (letters, digits, . _ -), got ${JSON.stringify(String(args.id).slice(0, 80))}`,
      );
    const typed = typedValue(process.argv.slice(2), 'wait');
    if (typed !== undefined && (typed === null || plainNumber(typed, false) === null))
      throw new UsageError(
        `--wait: expected a plain number of seconds, like 60, got ${JSON.stringify(typed ?? '')}`,
      );
    if (!(args.wait > 0) || args.wait > 86_400)
      throw new UsageError(
        `--wait: expected a number of seconds above 0 and at most 86400, got ${args.wait}`,
      );
    const dir = ledgerDir();
    const running = runningDrills(dir);
    if (running.length === 0) {
      console.log(`no drill is running on this machine (no live ledger in ${dir})`);
      process.exit(ExitCode.Passed);
    }
    const chosen = args.all ? running : args.id ? running.filter(matching(args.id)) : [];
    if (chosen.length === 0) {
      console.error(
        args.id
          ? `chaos: no running drill is ${args.id}; running now:`
          : 'chaos: name the drill to stop, or use --all; running now:',
      );
      for (const drill of running) console.error(`  ${describe(drill)}`);
      process.exit(ExitCode.InvalidInput);
    }
    for (const drill of chosen) {
      requestStop(dir, drill.drillId);
      console.log(`asked ${describe(drill)} to stop`);
    }
    const answers = await awaitAnswers(dir, chosen, args.wait * 1000);
    let complete = true;
    for (const drill of chosen) {
      const answer = answers.get(drill.drillId);
      if (answer === undefined) {
        complete = false;
        console.log(
          `${drill.drillId}: no answer within ${args.wait} s; the request stands (\`chaos stop ${drill.drillId}\` again to wait more, \`chaos rollback\` once its run has exited)`,
        );
        continue;
      }
      if (answer === null) {
        console.log(`${drill.drillId}: ended on its own before it saw the request`);
        continue;
      }
      console.log(`${drill.drillId}: ${answer.message}`);
      for (const line of answer.undone) console.log(`  ${line}`);
      if (answer.undone.some((line) => line.startsWith('NOT undone'))) complete = false;
    }
    process.exit(complete ? ExitCode.Passed : ExitCode.InfrastructureError);
  },
};

const describe = (drill: RunningDrill) =>
  `${drill.drillId} (pid ${drill.pid}, ${drill.pending} change${drill.pending === 1 ? '' : 's'} in its ledger)`;

/** A drill by its id, or every drill of a run by the run's id (drill ids are `<run>-<scenario>`). */
const matching = (id: string) => (drill: RunningDrill) =>
  drill.drillId === id || drill.drillId.startsWith(`${id}-`);

/**
 * Each drill's answer (null: it ended without seeing the request, which is then taken
 * back), or none when the bound passed first. Says every few seconds who is still undoing.
 */
async function awaitAnswers(
  dir: string,
  drills: readonly RunningDrill[],
  boundMs: number,
): Promise<Map<string, StopAnswer | null>> {
  const answers = new Map<string, StopAnswer | null>();
  const ledgerGoneAt = new Map<string, number>();
  const started = Date.now();
  let lastProgress = started;
  while (answers.size < drills.length && Date.now() - started < boundMs) {
    for (const drill of drills) {
      if (answers.has(drill.drillId)) continue;
      const answer = takeStopAnswer(dir, drill.drillId);
      if (answer) {
        answers.set(drill.drillId, answer);
        continue;
      }
      if (existsSync(join(dir, `${drill.drillId}.jsonl`))) continue;
      const goneAt = ledgerGoneAt.get(drill.drillId) ?? Date.now();
      ledgerGoneAt.set(drill.drillId, goneAt);
      if (Date.now() - goneAt > ANSWER_GRACE_MS) {
        withdrawStopRequest(dir, drill.drillId);
        answers.set(drill.drillId, null);
      }
    }
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      const waiting = drills.filter((d) => !answers.has(d.drillId)).map((d) => d.drillId);
      if (waiting.length > 0)
        console.log(
          `still rolling back after ${Math.round((Date.now() - started) / 1000)} s: ${waiting.join(', ')}`,
        );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return answers;
}
