// The guarded server on a loopback port: a handler that throws or rejects answers 500 and
// the process carries on; what the HTTP parser refuses gets its 4xx; each is said once.

import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedServer } from './guarded-server.js';
import { RefusalLog } from './refusal-log.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function listen(handler: Parameters<typeof createGuardedServer>[0], lines: string[]) {
  server = createGuardedServer(handler, new RefusalLog((l) => lines.push(l), 'test server', 0));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The status line of what comes back for `raw`. */
function rawStatus(port: number, raw: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let got = '';
    socket.on('data', (data) => (got += data.toString()));
    socket.on('error', () => {});
    socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
  });
}

describe('createGuardedServer', () => {
  it('answers 500 for a handler that throws or rejects, and keeps serving', async () => {
    const lines: string[] = [];
    const port = await listen((request) => {
      if (request.url === '/throw') throw new Error('boom');
      return Promise.reject(new Error('late boom'));
    }, lines);
    expect((await fetch(`http://127.0.0.1:${port}/throw`)).status).toBe(500);
    expect((await fetch(`http://127.0.0.1:${port}/reject`)).status).toBe(500);
    expect(lines).toEqual([
      'test server: refused GET /throw: answered 500: boom',
      'test server: refused GET /reject: answered 500: late boom',
    ]);
  });

  it('answers what the parser refuses: 400 for garbage, 431 for headers too large', async () => {
    const lines: string[] = [];
    const port = await listen((_, response) => void response.end('ok'), lines);
    expect(await rawStatus(port, 'NOT HTTP AT ALL\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request');
    expect(
      await rawStatus(port, `GET / HTTP/1.1\r\nHost: a\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`),
    ).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(lines[0]).toMatch(/^test server: refused a request: 400: /);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });
});
