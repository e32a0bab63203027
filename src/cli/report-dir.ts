// --report-dir, checked before anything starts and without creating anything: a path
// through a file, in /proc or /sys (where a folder cannot be made, and a recursive mkdir
// can spin), or under a folder this user cannot write is bad input (exit 2, one line).

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function reportDirProblem(dir: string): string | null {
  const path = resolve(dir);
  if (/^\/(proc|sys)(\/|$)/.test(path))
    return `--report-dir: ${dir} is in a kernel file system; expected an ordinary folder`;
  // The nearest part of the path that exists decides whether the rest can be made.
  let existing = path;
  for (let i = 0; i < 4096; i++) {
    try {
      const stat = statSync(existing);
      if (!stat.isDirectory()) {
        return existing === path
          ? `--report-dir: ${dir} is a file; expected a folder to hold the run folders (created when missing)`
          : `--report-dir: ${dir} cannot be made: ${existing} is a file, not a folder`;
      }
      accessSync(existing, constants.W_OK);
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
        return `--report-dir: ${dir} cannot be written: ${existing} is not writable by this user (${code})`;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        return `--report-dir: ${dir} cannot be used (${code ?? (error as Error).message})`;
      if (dirname(existing) === existing) return null;
      existing = dirname(existing);
    }
  }
  return null;
}
