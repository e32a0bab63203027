// `chaos target`: runs the reference TickStorm-compatible target in the foreground.
// (Filled in with the reference target.)

import type { CommandModule } from 'yargs';

export const targetCommand: CommandModule = {
  command: 'target',
  describe: 'Run the reference TickStorm-compatible target (stream, metrics, health)',
  handler: () => {
    throw new Error('not built yet');
  },
};
