import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningInodes, listeningPid } from './listening-process.js';

let server: Server | null = null;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

describe('the process listening on a port', () => {
  it('is this process while it listens, and nobody after', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(listeningInodes(port).size).toBe(1);
    expect(listeningPid(port)).toBe(process.pid);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    expect(listeningPid(port)).toBeNull();
  });
});
