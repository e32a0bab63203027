// The child process a scenario file is imported in. The user's module runs here and
// never in the chaos process, so one that loops, keeps a handle open, or calls
// process.exit is reported by the parent, naming the file, instead of hanging or
// silently ending the run. Sends one message and exits, open handles or not.

import { readScenarioModule } from './read-scenario-module.js';

const file = process.argv[2]!;
const reading = await readScenarioModule(file);
process.send!(reading, () => process.exit(0));
