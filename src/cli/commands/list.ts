// `chaos list`: the drills shipped in scenarios/, with what each proves.

import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../scenario/load-scenario.js';
import { displayPath, listScenarioFiles } from '../../scenario/scenario-files.js';

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'List the drills in scenarios/',
  handler: async () => {
    for (const file of listScenarioFiles()) {
      try {
        const { scenario } = await loadScenarioFile(file);
        console.log(`${scenario.name.padEnd(18)} ${scenario.description}`);
      } catch (error) {
        console.log(
          `${displayPath(file).padEnd(18)} (invalid: ${(error as Error).message.split('\n')[0]})`,
        );
      }
    }
  },
};
