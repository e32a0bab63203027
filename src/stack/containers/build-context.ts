// The target image's build context, staged: a copy of the project's top-level entries
// that `.dockerignore` does not exclude. testcontainers lists every file under the
// context before it applies `.dockerignore`, so handed the project folder it walks
// node_modules and the project's own engine's data under .tools/docker (gigabytes of
// layers, which that engine changes while other drills start containers: a listing that
// races it fails with ENOENT). The copy holds a few megabytes; its files' contents are
// the project's, so the engine's layer cache from `docker build .` still applies.

import { cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The top-level names a `.dockerignore` excludes: plain names and `*suffix` patterns. */
export function ignoredTopLevel(dockerignore: string): (name: string) => boolean {
  const patterns = dockerignore
    .split('\n')
    .map((line) => line.trim().replace(/^\/+/, '').replace(/\/+$/, ''))
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));
  return (name) =>
    patterns.some((pattern) =>
      pattern.startsWith('*') && !pattern.slice(1).includes('*')
        ? name.endsWith(pattern.slice(1))
        : pattern === name,
    );
}

/** Copies the context into `dir` (created), and returns it. */
export function stageBuildContext(projectRoot: string, dir: string): string {
  let ignored: (name: string) => boolean = () => false;
  try {
    ignored = ignoredTopLevel(readFileSync(join(projectRoot, '.dockerignore'), 'utf8'));
  } catch {
    // No .dockerignore: the whole project is the context, as for `docker build .`.
  }
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(projectRoot)) {
    if (name === '.dockerignore' || !ignored(name))
      cpSync(join(projectRoot, name), join(dir, name), { recursive: true, verbatimSymlinks: true });
  }
  return dir;
}
