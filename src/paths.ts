// Where the project's own files live, wherever the process was started from.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
/** The `chaos` entry point; children the framework starts run through it too. */
export const chaosBin = join(projectRoot, 'bin', 'chaos.js');
/** Tools installed by `npm run setup` (toxiproxy-server, toxiproxy-cli). */
export const toolsBin = join(projectRoot, '.tools', 'bin');
