// `chaos report <journal.json>`: re-renders any report from a saved journal, by default
// every format next to the journal. Exit 2 when the file is not a journal.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../result/exit-code.js';
import { JournalError, readJournal } from '../../report/read-journal.js';
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../../report/write-reports.js';
import { UsageError } from '../usage-error.js';

interface ReportArgs {
  journal: string;
  format: ReportFormat | 'all';
  out?: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <journal>',
  describe: 'Re-render the reports (HTML, JUnit, Markdown, JSON) of a saved run from its journal',
  builder: (yargs: Argv) =>
    yargs
      .positional('journal', {
        type: 'string',
        demandOption: true,
        describe: 'a journal.json from a run folder',
      })
      .option('format', {
        type: 'string',
        choices: ['all', ...REPORT_FORMATS],
        default: 'all',
        describe: 'which report to write',
      })
      .option('out', {
        type: 'string',
        describe: 'folder to write into (default: the journal’s folder)',
      })
      .example('$0 report reports/20260101-100000-abcd/journal.json', 'every report again')
      .example(
        '$0 report journal.json --format html --out /tmp/r',
        'only report.html, elsewhere',
      ) as unknown as Argv<ReportArgs>,
  handler: (args: ArgumentsCamelCase<ReportArgs>) => {
    let run;
    try {
      run = readJournal(args.journal);
    } catch (error) {
      if (error instanceof JournalError) throw new UsageError(error.message);
      throw error;
    }
    const dir = resolve(args.out ?? dirname(args.journal));
    mkdirSync(dir, { recursive: true });
    const formats = args.format === 'all' ? REPORT_FORMATS : [args.format];
    const written = writeReports(run, dir, formats);
    for (const file of written.files) console.log(`wrote ${file}`);
    for (const problem of written.problems) console.error(`chaos: report not written: ${problem}`);
    if (written.problems.length > 0) process.exit(ExitCode.InfrastructureError);
  },
};
