// The one /metrics endpoint Prometheus scrapes, whatever the number of workers: each
// shard's metrics are summed with prom-client's AggregatorRegistry.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry } from 'prom-client';
import type { LoadShard } from '../workers/shard.js';

export interface MetricsEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsEndpoint(
  shards: readonly LoadShard[],
  host: string,
  port: number,
): Promise<MetricsEndpoint> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('only GET /metrics is served here\n');
      return;
    }
    Promise.all(shards.map((shard) => shard.metricsJson()))
      .then((parts) => {
        const registry = AggregatorRegistry.aggregate(parts.filter((part) => part.length > 0));
        return registry.metrics().then((text) => {
          response.writeHead(200, { 'content-type': registry.contentType }).end(text);
        });
      })
      .catch((error: Error) => {
        response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`metrics failed: ${error.message}\n`);
      });
  });
  // Scrapes are one-shot; do not let idle keep-alive sockets hold the process open.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
