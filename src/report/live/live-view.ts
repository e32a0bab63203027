// `chaos run --ui`: a small HTTP server for the live page and a WebSocket that streams
// the drill's events to every browser watching. A browser never slows the drill: each
// event is serialized once and handed to each socket without waiting, and a browser
// whose send buffer grows past a bound is dropped. Its port is printed, so anyone on the
// machine can reach it: any request gets an answer (a 4xx for what is not the page or its
// socket) and a bounded log line, and nothing a client sends can end the drill.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { DrillEvent, EventHub } from '../../result/events.js';
import { createGuardedServer, refuseWith, requestText, shown } from '../../serve/guarded-server.js';
import { RefusalLog } from '../../serve/refusal-log.js';
import { LiveHistory, type HistoryLimits } from './live-history.js';
import { LiveChartState } from './live-messages.js';
import { livePage } from './live-page.js';

export interface LiveViewOptions {
  events: EventHub;
  /** 0 = any free port. */
  port: number;
  /** Loopback only. */
  host: string;
  /** Each scenario's alert threshold (percent), so the chart has its line from the start. */
  thresholds?: Readonly<Record<string, number>>;
  /** A browser with more than this many bytes not yet sent is dropped; default 8 MiB. */
  maxBufferedBytes?: number;
  history?: HistoryLimits;
  /** Where a refused request is said (bounded); default: this process's stderr. */
  log?: (line: string) => void;
}

export interface LiveView {
  url: string;
  /** Browsers connected now. */
  clients(): number;
  /** Sends what is queued (bounded), closes every browser and the server. */
  close(): Promise<void>;
}

export const LIVE_SOCKET_PATH = '/live';
const CLOSE_BOUND_MS = 2000;
/** Browsers watching at once: enough for a game-day room, not for a flood of sockets. */
const MAX_WATCHERS = 64;

export async function startLiveView(options: LiveViewOptions): Promise<LiveView> {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(options.host))
    throw new Error(
      `the live view listens on loopback only: expected an address in 127.0.0.0/8, got "${options.host}"`,
    );
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const history = new LiveHistory(options.history);
  const chart = new LiveChartState(options.thresholds);
  const clients = new Set<WebSocket>();
  let page = '';
  let allowedHosts = new Set<string>();

  const refusals = new RefusalLog(
    options.log ?? ((line) => process.stderr.write(`chaos: ${line}\n`)),
    'live view',
  );
  const server = createGuardedServer((request: IncomingMessage, response: ServerResponse) => {
    const refuse = (status: number, reason: string) => {
      refusals.refuse(requestText(request), `${status}, ${reason}`);
      refuseWith(response, status, reason);
    };
    if (!allowedHosts.has(request.headers.host ?? '')) {
      // Only names of this machine: a page elsewhere cannot reach us by DNS rebinding.
      refuse(421, `unexpected Host header "${shown(request.headers.host ?? '', 60)}"`);
      return;
    }
    const path = request.url ?? '';
    if (path !== '/' && path !== '/index.html' && path !== LIVE_SOCKET_PATH) {
      refuse(404, 'not found: the live page is at /');
      return;
    }
    if (path === LIVE_SOCKET_PATH) {
      response.setHeader('Upgrade', 'websocket');
      refuse(426, `${LIVE_SOCKET_PATH} is a WebSocket: expected an Upgrade request`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      refuse(405, 'the live page is read with GET');
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    response.end(page);
  }, refusals);
  const sockets = new WebSocketServer({
    server,
    path: LIVE_SOCKET_PATH,
    maxPayload: 1024,
    // The Host check stops DNS rebinding; the Origin check stops any other page open in the
    // operator's browser from reading the drill stream (browsers always send Origin on a
    // WebSocket; a client without one, such as a script on this machine, is no web page).
    verifyClient: ({ req }: { req: IncomingMessage }) => {
      const refused = !allowedHosts.has(req.headers.host ?? '')
        ? `unexpected Host header "${shown(req.headers.host ?? '', 60)}"`
        : req.headers.origin !== undefined &&
            ![...allowedHosts].some((host) => req.headers.origin === `http://${host}`)
          ? `a page of another origin ("${shown(req.headers.origin, 60)}")`
          : clients.size >= MAX_WATCHERS
            ? `${MAX_WATCHERS} watchers already`
            : null;
      if (refused) refusals.refuse(`WebSocket ${requestText(req)}`, `401, ${refused}`);
      return refused === null;
    },
  });

  // The WebSocket server re-emits its HTTP server's errors (a port in use); the listen
  // below reports those, and an unhandled 'error' would end the process instead.
  sockets.on('error', () => {});
  // A handshake ws refuses (a missing key, a wrong version, a wrong path): said, answered.
  sockets.on('wsClientError', (error: Error, socket: Duplex, request: IncomingMessage) => {
    refusals.refuse(`WebSocket ${requestText(request)}`, `400, ${shown(error.message)}`);
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    setTimeout(() => socket.destroy(), 1_000).unref();
  });

  const send = (socket: WebSocket, text: string) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > maxBuffered) {
      clients.delete(socket);
      socket.terminate();
      return;
    }
    socket.send(text);
  };

  sockets.on('connection', (socket) => {
    // A frame that breaks the protocol or exceeds maxPayload: ws closes the socket; said once.
    socket.on('error', (error) => {
      clients.delete(socket);
      refusals.refuse('a WebSocket frame', shown(error.message));
    });
    socket.on('close', () => clients.delete(socket));
    // The history, then live events: both go through the same ordered socket.
    send(socket, `{"history":[${history.texts().join(',')}]}`);
    clients.add(socket);
  });

  const onEvent = (event: DrillEvent) => {
    const text = JSON.stringify(chart.message(event));
    history.push(event.type, text);
    for (const socket of clients) send(socket, text);
  };
  const unsubscribe = options.events.on(onEvent);

  server.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((error: Error) => {
    unsubscribe();
    throw new Error(
      `--ui-port ${options.port}: the live view could not listen on ${options.host}:${options.port} (${(error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use' : error.message}); choose another port, or 0 for any free one`,
    );
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`${options.host}:${port}`, `localhost:${port}`]);
  const url = `http://${options.host}:${port}/`;
  refusals.who = `live view ${options.host}:${port}`;
  page = livePage([...allowedHosts]);

  let closing: Promise<void> | null = null;
  return {
    url,
    clients: () => clients.size,
    close: () => (closing ??= closeAll()),
  };

  async function closeAll(): Promise<void> {
    unsubscribe();
    refusals.flush();
    const open = [...clients];
    clients.clear();
    // A close frame goes out after everything queued before it, so the final verdict
    // reaches each browser; one that does not answer in time is cut off.
    await Promise.all(
      open.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => {
              socket.terminate();
              resolve();
            }, CLOSE_BOUND_MS);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            socket.close(1001, 'chaos has finished');
          }),
      ),
    );
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
