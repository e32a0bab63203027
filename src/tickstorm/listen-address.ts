// Where the target listens. The published default is `:8080` (every interface); this
// framework only listens on loopback unless told otherwise, so an empty host means
// 127.0.0.1 and any other non-loopback host needs the explicit `listenAny` opt-in.

import { isIP } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** `:8080`, `127.0.0.1:8080`, `[::1]:8080`, `localhost:0`; null when it is none of those. */
export function parseListenAddress(text: string): { host: string; port: number } | null {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port > 65_535) return null;
  return { host: match[1] ?? match[2] ?? '', port };
}

/** A port number 0..65535 (0 asks the kernel for a free one), or null. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const port = Number(text);
  return port <= 65_535 ? port : null;
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(host);
  return false;
}

/** The host to bind: empty means loopback here (not every interface as in the published server). */
export function bindHost(host: string): string {
  return host === '' ? '127.0.0.1' : host;
}

/** `127.0.0.1:8080` or `[::1]:8080`. */
export function formatHostPort({ host, port }: HostPort): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

export function httpUrl(address: HostPort, path: string): string {
  return `http://${formatHostPort(address)}${path}`;
}
