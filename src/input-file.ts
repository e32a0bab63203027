// Reading a file the user names (a profile, a rules file, an Alertmanager config): it must
// be a regular file of a config's size. `/dev/zero`, a FIFO with no writer or a huge file
// would otherwise be read until memory or patience runs out; each is refused at once.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Far past any real config, far below what hurts to read. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export class InputFileError extends Error {
  constructor(
    /** Why, in a few words: `ENOENT`, `a FIFO, not a regular file`, `20000000 bytes, over 16 MiB`. */
    readonly reason: string,
    /** Set when the file could not be opened (`ENOENT`); unset when it is not one to read. */
    readonly code?: string,
  ) {
    super(reason);
    this.name = 'InputFileError';
  }
}

/** The file's text; throws InputFileError saying why it cannot be read. */
export function readInputFile(path: string, maxBytes = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO with no writer must not wait for one.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(code ?? (error as Error).message, code ?? 'EUNKNOWN');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputFileError(`${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes)
      throw new InputFileError(`${stat.size} bytes, over ${sizeText(maxBytes)}`);
    return readAtMost(fd, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads until the end, but never past `maxBytes`: a kernel file (/proc/self/pagemap)
 * says it holds 0 bytes and then never ends, so its stated size proves nothing.
 */
function readAtMost(fd: number, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // Whole 64 KiB reads: some kernel files refuse a read of an odd size (EINVAL).
    const chunk = Buffer.alloc(64 * 1024);
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      throw new InputFileError(`cannot be read (${code})`);
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > maxBytes) throw new InputFileError(`more than ${sizeText(maxBytes)}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
}

/** What a path that is not a regular file is, for messages. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
