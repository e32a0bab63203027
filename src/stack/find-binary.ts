// Finds a program in the project's .tools/bin (where setup installs Toxiproxy) or on
// PATH, so `chaos doctor` and the stack agree on what is installed.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { toolsBin } from '../paths.js';

export function findBinary(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = [toolsBin, ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
