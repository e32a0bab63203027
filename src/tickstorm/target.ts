// The reference TickStorm-compatible target: stream listener, resource guard, batch
// publisher, metrics and health, wired together. `startTarget` is what the drill stack,
// the tests and `chaos target` call.

import { type AddressInfo, type Socket, createServer } from 'node:net';
import { AddressAdmission } from './address-admission.js';
import { AuthRateLimiter } from './auth-rate-limiter.js';
import { BatchPublisher } from './batch-publisher.js';
import { type TargetConfig, checkListenHost, defaultTargetConfig } from './config.js';
import { ConnectionAccounting, type TargetStats } from './connection-accounting.js';
import { healthResponse } from './health.js';
import { listen, startTargetEndpoints } from './http-endpoints.js';
import { type HostPort, bindHost, formatHostPort, httpUrl } from './listen-address.js';
import { processResourceReader } from './process-resources.js';
import { PublishedWorkerPool } from './published-worker-pool.js';
import { PUBLISHED_FD_LIMIT, ResourceGuard } from './resource-guard.js';
import { Session, type SessionHost } from './session.js';
import { createTargetMetrics } from './target-metrics.js';
import { sleep } from '../bounds.js';

export interface RunningTarget {
  streamAddress: HostPort;
  /** Full URL of /metrics. */
  metricsUrl: string;
  /** Full URL of /health. */
  healthUrl: string;
  instanceId: string;
  config: TargetConfig;
  stats(): TargetStats;
  /** Listens again on the same port (new backlog settings), keeping open sessions; SIGHUP in `chaos target`. */
  reopenListener(): Promise<void>;
  /** Stops accepting, ends every session (each a `shutdown` drop), closes the HTTP servers. */
  close(): Promise<void>;
}

export type StartTargetOptions = Partial<TargetConfig> & {
  /** Where the target says what it does (guard changes, shutdown); silent by default. */
  log?: (line: string) => void;
};

export async function startTarget(options: StartTargetOptions = {}): Promise<RunningTarget> {
  const { log = () => {}, ...overrides } = options;
  const config: TargetConfig = { ...defaultTargetConfig(), ...overrides };
  checkListenHost(config);
  const host = bindHost(config.host);
  const startedAtMs = Date.now();
  if (config.ignoredSettings.length > 0) {
    log(
      `ignored ${config.ignoredSettings.join(', ')}: the published server does not read them (published-settings)`,
    );
  }

  const sessions = new Set<Session>();
  const published = config.asPublished;
  const metrics = createTargetMetrics(
    config.instanceId,
    { goroutines: () => process.getActiveResourcesInfo().length },
    {
      frozenConnectionCounters: published.has('frozen-connection-counters'),
      lazySeries: published.has('lazy-counter-series'),
    },
  );
  const accounting = new ConnectionAccounting(metrics);
  const guard = new ResourceGuard(
    await processResourceReader(),
    {
      ...config,
      fixedFdLimit: published.has('fixed-fd-guard') ? PUBLISHED_FD_LIMIT : null,
      fixedMemory: published.has('fixed-memory-guard')
        ? { heapUsed: () => process.memoryUsage().heapUsed }
        : null,
    },
    () => accounting.activeCount,
  );
  const admission = published.has('per-address-admission') ? new AddressAdmission() : null;
  await guard.sample();
  const publisher = new BatchPublisher(config, metrics);
  const sessionHost: SessionHost = {
    config,
    metrics,
    rateLimiter: new AuthRateLimiter(config.authMaxAttempts, config.authRateLimitWindowMs),
    subscribed: (session) => publisher.add(session),
    log,
    ended: (session, reason) => {
      sessions.delete(session);
      publisher.remove(session);
      accounting.ended(reason, (performance.now() - session.openedAt) / 1000);
    },
  };

  function accept(socket: Socket): void {
    guard.fdOpened();
    socket.once('close', () => guard.fdClosed());
    const admitted = admission?.admit(socket.remoteAddress ?? '', Date.now()) ?? null;
    const reject = admitted === null ? guard.rejectReason() : 'address_admission';
    if (reject) {
      // The published server accepts and closes at once, without a frame, both when its
      // guard sees a critical resource and when the source address is over its limits.
      accounting.refused(reject);
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    if (!pool) return startSession(socket, () => {});
    socket.on('error', () => {}); // nothing reads it while queued; the session records errors
    pool.submit(socket);
  }

  /** `done` frees the pool worker that holds the connection, once it is gone. */
  function startSession(socket: Socket, done: () => void): void {
    if (socket.destroyed) return done();
    socket.once('close', done);
    if (config.keepAliveMs !== null) socket.setKeepAlive(true, config.keepAliveMs);
    sessions.add(new Session(socket, sessionHost));
    accounting.opened();
    socket.resume(); // paused on connect while the pool decides
  }
  // Queued connections are sockets only: unread, untimed and uncounted until a worker takes one.
  const pool = published.has('silent-pool-queue')
    ? new PublishedWorkerPool<Socket>(config.publishedPoolCpus, startSession)
    : null;

  // HTTP first, so the stream only takes connections once metrics can count them.
  let streamText = '';
  const health = async () =>
    healthResponse({
      config,
      stream: streamText,
      startedAtMs,
      stats: accounting.stats(),
      guard: guard.state(),
    });
  const endpoints = await startTargetEndpoints(
    host,
    config,
    {
      '/metrics': async () => ({
        status: 200,
        contentType: metrics.registry.contentType,
        body: await metrics.registry.metrics(),
      }),
    },
    { '/health': health, '/healthz': health },
  );
  const openListener = async (port: number) => {
    // With the pool, nothing is read from a connection before a worker takes it.
    const server = createServer({ noDelay: true, pauseOnConnect: pool !== null }, accept);
    await listen(server, host, port, 'stream listener');
    // EMFILE/ENFILE reaching JS means a connection was lost at accept: count it, keep
    // listening. The published accept loop retries without counting anything.
    server.on('error', (error: NodeJS.ErrnoException) => {
      const lost = error.code === 'EMFILE' || error.code === 'ENFILE';
      if (lost && !published.has('fixed-fd-guard')) accounting.refused('accept_failed');
      log(`stream listener: ${error.code ?? ''} ${error.message}`);
    });
    return server;
  };
  let stream = await openListener(config.port).catch(async (error: unknown) => {
    pool?.stop();
    await endpoints.close();
    throw error;
  });
  const streamAddress = { host, port: (stream.address() as AddressInfo).port };
  streamText = formatHostPort(streamAddress);

  let guardStatus = 'ok';
  const guardTimer = setInterval(() => {
    void guard.sample().then(() => {
      const { status, resources } = guard.state();
      if (status !== guardStatus)
        log(`resource guard ${guardStatus} → ${status}: ${JSON.stringify(resources)}`);
      guardStatus = status;
      sessionHost.rateLimiter.prune(Date.now());
      admission?.prune(Date.now());
    });
  }, config.guardSampleMs);
  // One sweep for every session's timers instead of three timers per session.
  const shortest = Math.min(
    config.authTimeoutMs,
    config.heartbeatTimeoutMs,
    config.writeDeadlineMs,
  );
  const sweepTimer = setInterval(
    () => {
      const now = performance.now();
      for (const session of sessions) session.checkTimers(now);
    },
    Math.min(250, Math.max(10, shortest / 4)),
  );
  publisher.start();

  let closing: Promise<void> | null = null;
  return {
    streamAddress,
    metricsUrl: httpUrl(endpoints.metrics, '/metrics'),
    healthUrl: httpUrl(endpoints.health, '/health'),
    instanceId: config.instanceId,
    config,
    stats: () => accounting.stats(),
    reopenListener,
    close: () => (closing ??= shutdown()),
  };

  /**
   * Closes the stream listener and listens again on the same port, keeping every open
   * session: the new listen() takes the kernel's current backlog settings (a raised
   * net.core.somaxconn), as a listener restart in the runbook does. Connections that
   * arrive in the moment between the two are refused.
   */
  async function reopenListener(): Promise<void> {
    // close() stops accepting at once; its callback would wait for every open session.
    stream.close();
    // The old listening socket is released on a later turn of the event loop.
    for (let attempt = 1; ; attempt++) {
      try {
        stream = await openListener(streamAddress.port);
        break;
      } catch (error) {
        if (!/EADDRINUSE/.test((error as Error).message) || attempt >= 50) throw error;
        await sleep(10);
      }
    }
    log(`stream listener reopened on ${streamText}`);
  }

  async function shutdown(): Promise<void> {
    publisher.stop();
    clearInterval(guardTimer);
    const stopped = new Promise((resolve) => stream.close(resolve));
    for (const socket of pool?.stop() ?? []) socket.destroy();
    for (const session of sessions) session.drop('shutdown');
    await waitUntil(() => sessions.size === 0, config.shutdownGraceMs);
    for (const session of sessions) session.socket.destroy();
    await waitUntil(() => sessions.size === 0, 1000);
    clearInterval(sweepTimer);
    await stopped;
    await endpoints.close();
    const { accepted, dropped, droppedByReason } = accounting.stats();
    const reasons = Object.entries(droppedByReason).filter(([, n]) => n > 0);
    log(
      `stopped after ${accepted} connections, ${dropped} dropped` +
        (reasons.length > 0 ? ` (${reasons.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''),
    );
  }
}

/** Polls `done` every 20 ms for at most `boundMs`. */
async function waitUntil(done: () => boolean, boundMs: number): Promise<void> {
  for (let waited = 0; !done() && waited < boundMs; waited += 20) {
    await sleep(20);
  }
}
