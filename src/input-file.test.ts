import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputFile } from './input-file.js';

describe('readInputFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'input-file-'));

  it('reads a regular file', () => {
    writeFileSync(join(dir, 'a.yml'), 'a: 1\n');
    expect(readInputFile(join(dir, 'a.yml'))).toBe('a: 1\n');
  });

  it('refuses at once a device, a FIFO with no writer, a folder, a big file, a missing one', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 'big'), 'x'.repeat(2048));
    expect(() => readInputFile('/dev/zero')).toThrow('a device, not a regular file');
    expect(() => readInputFile(fifo)).toThrow('a FIFO, not a regular file');
    expect(() => readInputFile(dir)).toThrow('a folder, not a regular file');
    expect(() => readInputFile(join(dir, 'big'), 1024)).toThrow('2048 bytes, over 1 KiB');
    expect(() => readInputFile(join(dir, 'missing'))).toThrow('ENOENT');
  });
});

describe('a kernel file that says it is empty and never ends', () => {
  it('is read only up to the bound, then refused', () => {
    expect(() => readInputFile('/proc/self/pagemap', 1024 * 1024)).toThrow(/more than 1 MiB/);
  });
});
