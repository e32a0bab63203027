// An ephemeral port for programs that cannot report the port they bound (Toxiproxy,
// Prometheus). Another process may take it before the program binds it, so callers
// retry a start that fails with "address already in use".

import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the ephemeral port'));
      });
    });
  });
}

export function isAddressInUse(stderr: string): boolean {
  return /address already in use/i.test(stderr);
}
