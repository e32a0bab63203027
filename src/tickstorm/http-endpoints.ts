// The metrics (/metrics) and health (/health, /healthz) HTTP servers, on the stream
// listener's host. The published server fixes their ports; ours are configurable, and
// one port may serve both. `listen` is shared with the stream listener.

import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import type { HostPort } from './listen-address.js';

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}
export type Routes = Record<string, () => Promise<HttpResponse>>;

export interface HttpEndpoint {
  address: HostPort;
  close(): Promise<void>;
}

export async function startHttpEndpoint(
  host: string,
  port: number,
  routes: Routes,
  what: string,
): Promise<HttpEndpoint> {
  const server = createServer((request, response) => void serve(routes, request, response));
  server.keepAliveTimeout = 5000;
  await listen(server, host, port, what);
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    address: { host, port: actualPort },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Listens, or rejects with an error that says which address and what to do. */
export function listen(server: Server, host: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? 'another process holds it; pick another port (0 picks a free one)'
          : error.code === 'EADDRNOTAVAIL'
            ? 'no interface has that address'
            : 'check the host and port';
      reject(
        new Error(
          `the ${what} could not listen on ${host}:${port}: ${error.code ?? error.message}; ${hint}`,
        ),
      );
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve();
    });
    server.listen(port, host);
  });
}

async function serve(
  routes: Routes,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://target').pathname;
  const route = routes[path];
  let reply: HttpResponse;
  if (!route) {
    reply = {
      status: 404,
      contentType: 'text/plain',
      body: `no ${path} here; try ${Object.keys(routes).join(', ')}\n`,
    };
  } else {
    try {
      reply = await route();
    } catch (error) {
      reply = { status: 500, contentType: 'text/plain', body: `${String(error)}\n` };
    }
  }
  response.writeHead(reply.status, { 'Content-Type': reply.contentType });
  response.end(reply.body);
}

export interface TargetEndpoints {
  metrics: HostPort;
  health: HostPort;
  close(): Promise<void>;
}

/** The metrics and health servers; one server when both ask for the same fixed port. */
export async function startTargetEndpoints(
  host: string,
  ports: { metricsPort: number; healthPort: number },
  metricsRoutes: Routes,
  healthRoutes: Routes,
): Promise<TargetEndpoints> {
  if (ports.metricsPort === ports.healthPort && ports.metricsPort !== 0) {
    const routes = { ...metricsRoutes, ...healthRoutes };
    const both = await startHttpEndpoint(
      host,
      ports.metricsPort,
      routes,
      'metrics and health endpoint',
    );
    return { metrics: both.address, health: both.address, close: both.close };
  }
  const metrics = await startHttpEndpoint(
    host,
    ports.metricsPort,
    metricsRoutes,
    'metrics endpoint',
  );
  const health = await startHttpEndpoint(
    host,
    ports.healthPort,
    healthRoutes,
    'health endpoint',
  ).catch(async (error: unknown) => {
    await metrics.close();
    throw error;
  });
  return {
    metrics: metrics.address,
    health: health.address,
    close: async () => void (await Promise.all([metrics.close(), health.close()])),
  };
}
