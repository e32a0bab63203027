// --report-dir, checked before anything starts and without leaving anything behind: a path
// through a file, in /proc or /sys (where a folder cannot be made, and a recursive mkdir
// can spin), under a folder this user cannot write, or on a full or read-only file system
// (a probe file written and removed) is bad input (exit 2, one line).

import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** About what a run's smallest reports take: a folder with less room cannot hold them. */
const PROBE_BYTES = 64 * 1024;

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
      return probeProblem(dir, existing);
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

/** Writes (and fsyncs, for delayed allocation) a probe file in `folder`, then removes it. */
function probeProblem(dir: string, folder: string): string | null {
  const probe = join(folder, `.chaos-probe-${process.pid}`);
  let fd: number | null = null;
  try {
    fd = openSync(probe, 'wx');
    writeSync(fd, Buffer.alloc(PROBE_BYTES));
    fsyncSync(fd);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const why =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? `its file system is full (${code}); free some space or choose another folder`
        : code === 'EROFS'
          ? 'its file system is read-only (EROFS); choose another folder'
          : `a file could not be written in ${folder} (${code}); choose another folder`;
    return `--report-dir: ${dir} cannot hold the reports: ${why}`;
  } finally {
    // Only what this call made is removed: a file of that name it could not create is not ours.
    if (fd !== null) {
      closeSync(fd);
      try {
        unlinkSync(probe);
      } catch {
        // already gone
      }
    }
  }
}
