// `chaos list`: the drills shipped in scenarios/, with what each proves.

import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../scenario/load-scenario.js';
import { displayPath, listScenarioFiles } from '../../scenario/scenario-files.js';

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'List the drills in scenarios/',
  handler: async () => {
    // Each file is imported in its own child: all at once, printed in order.
    const files = listScenarioFiles();
    const loaded = await Promise.allSettled(files.map((file) => loadScenarioFile(file)));
    loaded.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        const { scenario } = result.value;
        console.log(`${scenario.name.padEnd(18)} ${scenario.description}`);
      } else {
        const why = (result.reason as Error).message.split('\n')[0];
        console.log(`${displayPath(files[i]!).padEnd(18)} (invalid: ${why})`);
      }
    });
  },
};
