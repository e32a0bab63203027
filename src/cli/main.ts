// `chaos`: thin yargs front end. Each command lives in commands/<name>.ts, parses its
// flags, calls the library, and maps the outcome to an exit code.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';
import { UntrustedStateDirError } from '../faults/state-dir.js';
import { yargsFailureLines } from './yargs-failure.js';
import { surviveClosedOutput } from '../proc/closed-output.js';
import { doctorCommand } from './commands/doctor.js';
import { listCommand } from './commands/list.js';
import { rollbackCommand } from './commands/rollback.js';
import { runCommand } from './commands/run.js';
import { targetCommand } from './commands/target.js';
import { loadCommand } from './commands/load.js';
import { validateCommand } from './commands/validate.js';
import { lintCommand } from './commands/lint.js';
import { explainCommand } from './commands/explain.js';
import { reportCommand } from './commands/report.js';
import { stopCommand } from './commands/stop.js';

// Before anything can be started: a reader that goes away must not end a drill mid-way.
surviveClosedOutput();

const cli = yargs(hideBin(process.argv))
  .scriptName('chaos')
  .usage('$0 <command> [options]')
  .command(runCommand)
  .command(listCommand)
  .command(validateCommand)
  .command(doctorCommand)
  .command(rollbackCommand)
  .command(stopCommand)
  .command(targetCommand)
  .command(loadCommand)
  .command(lintCommand)
  .command(explainCommand)
  .command(reportCommand)
  .demandCommand(1, 'Name a command; `chaos --help` lists them.')
  .strict()
  .recommendCommands()
  .help()
  .alias('h', 'help')
  .version(false)
  .wrap(Math.min(110, process.stdout.columns || 100))
  .fail((message, error) => {
    if (error && !(error instanceof UsageError)) throw error;
    // One line per problem; a pointer to --help only for flags yargs rejected.
    refuse(error ? error.lines : yargsFailureLines(message));
  });

function refuse(lines: readonly string[]): never {
  for (const line of lines) console.error(`chaos: ${line}`);
  process.exit(ExitCode.InvalidInput);
}

try {
  await cli.parseAsync();
} catch (error) {
  if (error instanceof UsageError) refuse(error.lines);
  // Known refusals are one line; only the unexpected gets its stack.
  if (error instanceof UntrustedStateDirError) console.error(`chaos: ${error.message}`);
  else console.error(error);
  process.exit(ExitCode.InfrastructureError);
}
