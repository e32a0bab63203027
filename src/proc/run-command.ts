// Runs a system command (prlimit, nft, ip, sysctl) with a bound, returning its output
// or an error that quotes the command and its stderr.

import { execFile } from 'node:child_process';

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(
      `\`${command}\` failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no output'}`,
    );
    this.name = 'CommandError';
  }
}

export function runCommand(file: string, args: string[], timeoutMs = 10_000): Promise<string> {
  const shown = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const code = typeof error.code === 'number' ? error.code : null;
        reject(new CommandError(shown, stderr || error.message, code));
      } else {
        resolve(stdout);
      }
    });
  });
}
