// `chaos validate <file...>`: load and plan scenario files without starting anything.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../result/exit-code.js';
import { formatMs } from '../../result/format.js';
import { PlanningError, planScenarios } from '../../scenario/plan-scenarios.js';
import { timeProfile } from '../../scenario/time-profile.js';

interface ValidateArgs {
  file: string[];
  rules?: string;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <file..>',
  describe:
    'Check scenario files (types, durations, PromQL, rules, load profile) without running them',
  builder: (yargs: Argv) =>
    yargs
      .positional('file', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'scenario names or paths',
      })
      .option('rules', {
        type: 'string',
        describe: 'rules file to check the alert against',
      }) as unknown as Argv<ValidateArgs>,
  handler: async (args: ArgumentsCamelCase<ValidateArgs>) => {
    try {
      const plans = await planScenarios(args.file, {
        time: timeProfile({ profile: 'ci' }),
        rules: args.rules,
      });
      for (const plan of plans) {
        console.log(
          `${plan.shownAs}: ok (${plan.scenario.name}; alert ${plan.alert.name} in ${plan.alert.shownAs}; ci drill at least ${formatMs(plan.theoreticalMinimumMs)})`,
        );
      }
    } catch (error) {
      if (!(error instanceof PlanningError)) throw error;
      for (const line of error.lines) process.stderr.write(`chaos: ${line}\n`);
      process.exit(ExitCode.InvalidInput);
    }
  },
};
