// `chaos`: thin yargs front end. Each command lives in commands/<name>.ts, parses its
// flags, calls the library, and maps the outcome to an exit code.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';
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

const cli = yargs(hideBin(process.argv))
  .scriptName('chaos')
  .usage('$0 <command> [options]')
  .command(runCommand)
  .command(listCommand)
  .command(validateCommand)
  .command(doctorCommand)
  .command(rollbackCommand)
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
    // One line for what the user gave us; a pointer to --help only for flags yargs rejected.
    console.error(error ? `chaos: ${error.message}` : `chaos: ${message} (see \`chaos --help\`)`);
    process.exit(ExitCode.InvalidInput);
  });

try {
  await cli.parseAsync();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`chaos: ${error.message}`);
    process.exit(ExitCode.InvalidInput);
  }
  console.error(error);
  process.exit(ExitCode.InfrastructureError);
}
