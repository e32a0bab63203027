// Finding scenario files: `chaos run fd-exhaustion` means scenarios/fd-exhaustion.ts;
// anything with a slash or an extension is a path.

import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { projectRoot } from '../paths.js';

export const scenariosDir = join(projectRoot, 'scenarios');

export function resolveScenarioFile(nameOrPath: string, cwd = process.cwd()): string {
  if (/[/\\]/.test(nameOrPath) || /\.(ts|mts|js|mjs)$/.test(nameOrPath)) {
    return isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  }
  return join(scenariosDir, `${nameOrPath}.ts`);
}

/** Every scenario shipped in scenarios/, sorted by name. */
export function listScenarioFiles(dir = scenariosDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(dir, name));
}

/** How a file is named in messages: relative to where the user stands when shorter. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

/** Rules and other files a scenario names are relative to the project root. */
export function resolveProjectFile(path: string): string {
  return isAbsolute(path) ? path : join(projectRoot, path);
}
