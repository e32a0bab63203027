// An HTTP server for the drill's own listeners (the webhook receiver, the live view) that no
// request can bring down: anyone on the machine can reach their ports, so every handler is
// wrapped, a request the parser refuses gets its 4xx from here, and the time a request may
// take, the size of its headers and the number of connections at once are bounded.

import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { RefusalLog } from './refusal-log.js';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface GuardLimits {
  /** Connections open at once; one more is closed as it arrives. */
  maxConnections: number;
  /** Time to send the headers (a client that trickles them is cut off). */
  headersTimeoutMs: number;
  /** Time to send the whole request. */
  requestTimeoutMs: number;
}

// Short: Alertmanager and a browser send their headers at once, and a neighbour holding
// every connection slot with silent sockets must renew all of them every 2 s to keep the
// drill's receiver shut (with 10 s, a few hundred sockets were enough).
const DEFAULT_LIMITS: GuardLimits = {
  maxConnections: 256,
  headersTimeoutMs: 2_000,
  requestTimeoutMs: 15_000,
};
const MAX_HEADER_BYTES = 16 * 1024;

/** The request in a log line: method and path, shortened, control characters shown as '?'. */
export function requestText(request: IncomingMessage): string {
  return shown(`${request.method ?? '?'} ${request.url ?? '?'}`);
}

export function shown(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Answers `status` with a one-line reason and closes the connection. */
export function refuseWith(response: ServerResponse, status: number, reason: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    Connection: 'close',
  });
  response.end(`${reason}\n`);
}

export function createGuardedServer(
  handler: Handler,
  refusals: RefusalLog,
  limits: Partial<GuardLimits> = {},
): Server {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: bounds.headersTimeoutMs,
      requestTimeout: bounds.requestTimeoutMs,
      // Node checks the two timeouts above this often (its default, 30 s, outlives them).
      connectionsCheckingInterval: 1_000,
    },
    (request, response) => {
      // A client that goes away mid-request is no error of ours.
      request.on('error', () => {});
      response.on('error', () => {});
      const failed = (error: unknown) => {
        refusals.refuse(
          requestText(request),
          `answered 500: ${(error as Error)?.message ?? error}`,
        );
        refuseWith(response, 500, 'the request could not be handled');
      };
      try {
        const handled = handler(request, response);
        if (handled) handled.catch(failed);
      } catch (error) {
        failed(error);
      }
    },
  );
  server.maxConnections = bounds.maxConnections;
  server.on('drop', () =>
    refusals.refuse('a connection', `more than ${bounds.maxConnections} open at once`),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket, refusals),
  );
  return server;
}

/** What the HTTP parser refused, answered as HTTP says when the socket can still take it. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, refusals: RefusalLog) {
  const code = error.code ?? '';
  const status =
    code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT'
        ? 408
        : 400;
  const reset = code === 'ECONNRESET' || code === 'EPIPE';
  refusals.refuse(
    'a request',
    reset ? 'the client reset the connection mid-request' : `${status}: ${shown(error.message)}`,
  );
  if (reset || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
  // A client that never reads the answer does not keep the socket.
  setTimeout(() => socket.destroy(), 1_000).unref();
}
