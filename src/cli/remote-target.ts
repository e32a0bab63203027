// Safety rail: a target outside loopback needs `--allow-remote <host>` naming it.

import { isIP } from 'node:net';
import { UsageError } from './usage-error.js';

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export function parseHostPort(text: string, flag: string): { host: string; port: number } {
  const match = /^\[?([^\]]*)\]?:(\d+)$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || !(port > 0 && port < 65536)) {
    throw new UsageError(`${flag}: expected host:port like 127.0.0.1:8080, got "${text}"`);
  }
  return { host: match[1], port };
}

export function assertAllowedTarget(
  host: string,
  allowRemote: readonly string[],
  flag: string,
): void {
  if (isLoopback(host) || allowRemote.includes(host)) return;
  throw new UsageError(
    `${flag}: ${host} is outside loopback; drills only attack 127.0.0.0/8 and ::1 unless you name the host with --allow-remote ${host}`,
  );
}
