// The target's settings, read from the published server's environment variables
// (PROTOCOL.md) plus the few this reference target adds. Every bad value is refused
// with the variable's name, the value found and what was expected.

import { availableParallelism, hostname } from 'node:os';
import { parseGoBytes, parseGoDuration } from './go-units.js';
import { bindHost, isLoopbackHost, parseListenAddress, parsePort } from './listen-address.js';
import {
  NONE_PUBLISHED,
  type PublishedBehaviours,
  parsePublishedBehaviours,
} from './published-behaviours.js';

export interface TargetConfig {
  /** Stream listener host; '' means 127.0.0.1. Metrics and health bind the same host. */
  host: string;
  port: number;
  metricsPort: number;
  healthPort: number;
  /** Opt-in to bind a host outside 127.0.0.0/8 and ::1. */
  listenAny: boolean;
  instanceId: string;
  /** Empty username and password accept any credentials (with `exact-credentials`: only empty ones). */
  username: string;
  password: string;
  authTimeoutMs: number;
  authMaxAttempts: number;
  authRateLimitWindowMs: number;
  maxConnections: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** TCP keepalive delay; null leaves keepalive off. */
  keepAliveMs: number | null;
  writeDeadlineMs: number;
  maxWriteQueueSize: number;
  batchWindowMs: number;
  maxBatchSize: number;
  maxPayloadBytes: number;
  /** Symbols a SUBSCRIBE without symbols gets. */
  symbols: string[];
  /** RSS budget (GOMEMLIMIT); null is `off`. */
  memoryBudgetBytes: number | null;
  /** GOGC as given, reported in health: the runbook's GC knob. */
  gogc: string | null;
  /** How often the resource guard re-reads /proc. */
  guardSampleMs: number;
  /** How long shutdown lets sessions flush before it destroys them. */
  shutdownGraceMs: number;
  /** Habits of the published server to reproduce (AS_PUBLISHED); none by default. */
  asPublished: PublishedBehaviours;
  /** NumCPU for `silent-pool-queue` (PUBLISHED_POOL_CPUS): the CPUs this process may run on by default. */
  publishedPoolCpus: number;
  /** Variables (or the flags that set them) that `published-settings` ignored, for the target to say so. */
  ignoredSettings: string[];
}

/** What the published code never reads; `published-settings` ignores them as it does. */
const UNREAD_BY_PUBLISHED = ['MAX_CONNECTIONS', 'CONNECTION_TIMEOUT', 'KEEPALIVE_INTERVAL'];
/** The published server's TCP keepalive period, fixed in its code. */
const PUBLISHED_KEEPALIVE_MS = 30_000;

export const DEFAULT_SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'META', 'TSLA', 'JPM'];

export function defaultTargetConfig(): TargetConfig {
  return {
    host: '',
    port: 8080,
    metricsPort: 9090,
    healthPort: 8081,
    listenAny: false,
    instanceId: `${hostname()}-${process.pid}`,
    username: '',
    password: '',
    authTimeoutMs: 10_000,
    authMaxAttempts: 3,
    authRateLimitWindowMs: 60_000,
    maxConnections: 100_000,
    heartbeatIntervalMs: 15_000,
    heartbeatTimeoutMs: 20_000,
    keepAliveMs: null,
    writeDeadlineMs: 5000,
    maxWriteQueueSize: 1000,
    batchWindowMs: 5,
    maxBatchSize: 100,
    maxPayloadBytes: 64 * 1024,
    symbols: DEFAULT_SYMBOLS,
    memoryBudgetBytes: 2 ** 30,
    gogc: null,
    guardSampleMs: 200,
    shutdownGraceMs: 2000,
    asPublished: NONE_PUBLISHED,
    // Go's NumCPU follows the affinity mask, as availableParallelism() does.
    publishedPoolCpus: availableParallelism(),
    ignoredSettings: [],
  };
}

export class TargetConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetConfigError';
  }
}

/** Symbols are short tickers; anything else in a SUBSCRIBE is refused. */
export const SYMBOL_PATTERN = /^[A-Za-z0-9._-]{1,16}$/;

/**
 * Reads the target's settings from environment variables. `labels` renames a variable
 * in error messages (the CLI passes `--port` for LISTEN_PORT when the flag set it).
 */
export function targetConfigFromEnv(
  env: NodeJS.ProcessEnv,
  labels: Record<string, string> = {},
): TargetConfig {
  const config = defaultTargetConfig();
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const fail = (name: string, expected: string): never => {
    throw new TargetConfigError(
      `${labels[name] ?? name}=${JSON.stringify(env[name])}: expected ${expected}`,
    );
  };
  const integer = (name: string, min: number, fallback: number): number => {
    const text = read(name);
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text.trim()) || Number(text) < min) fail(name, `an integer ≥ ${min}`);
    return Number(text);
  };
  const duration = (name: string, fallback: number | null): number | null => {
    const text = read(name);
    if (text === undefined) return fallback;
    const ms = parseGoDuration(text);
    if (ms === null || ms <= 0) fail(name, 'a positive Go duration such as 30s, 1m or 1m30s');
    return ms;
  };
  const port = (name: string, fallback: number): number => {
    const text = read(name);
    if (text === undefined) return fallback;
    return parsePort(text) ?? fail(name, 'a port number 0..65535 (0 picks a free port)');
  };

  const listenAddr = read('LISTEN_ADDR');
  if (listenAddr !== undefined) {
    const parsed = parseListenAddress(listenAddr);
    if (!parsed) fail('LISTEN_ADDR', 'host:port such as 127.0.0.1:8080, :8080 or [::1]:8080');
    config.host = parsed!.host;
    config.port = parsed!.port;
  }
  config.host = read('LISTEN_HOST') ?? config.host;
  config.port = port('LISTEN_PORT', config.port);
  config.metricsPort = port('METRICS_PORT', config.metricsPort);
  config.healthPort = port('HEALTH_PORT', config.healthPort);
  config.listenAny = ['1', 'true', 'yes'].includes(read('LISTEN_ANY')?.toLowerCase() ?? '');
  config.instanceId = read('INSTANCE_ID') ?? config.instanceId;
  config.username = read('STREAM_USER') ?? read('AUTH_USERNAME') ?? '';
  config.password = read('STREAM_PASS') ?? read('AUTH_PASSWORD') ?? '';

  // First, since published-settings decides which variables below are read at all.
  const asPublished = read('AS_PUBLISHED');
  if (asPublished !== undefined) {
    const parsed = parsePublishedBehaviours(asPublished);
    if ('problem' in parsed) fail('AS_PUBLISHED', (parsed as { problem: string }).problem);
    config.asPublished = parsed as PublishedBehaviours;
  }
  config.publishedPoolCpus = integer('PUBLISHED_POOL_CPUS', 1, config.publishedPoolCpus);

  config.authTimeoutMs = integer('AUTH_TIMEOUT_MS', 1, config.authTimeoutMs);
  config.authMaxAttempts = integer('AUTH_MAX_ATTEMPTS', 1, config.authMaxAttempts);
  config.authRateLimitWindowMs = duration('AUTH_RATE_LIMIT_WINDOW', config.authRateLimitWindowMs)!;
  config.heartbeatIntervalMs = integer('HEARTBEAT_INTERVAL_MS', 1, config.heartbeatIntervalMs);
  if (config.asPublished.has('published-settings')) {
    // Not read, so not checked either: the published server starts whatever they hold.
    config.ignoredSettings = UNREAD_BY_PUBLISHED.filter((name) => read(name) !== undefined).map(
      (name) => labels[name] ?? name,
    );
    config.heartbeatTimeoutMs = integer('HEARTBEAT_TIMEOUT_MS', 1, config.heartbeatTimeoutMs);
    config.keepAliveMs = PUBLISHED_KEEPALIVE_MS;
  } else {
    config.maxConnections = integer('MAX_CONNECTIONS', 1, config.maxConnections);
    // CONNECTION_TIMEOUT is the runbook's Prevention knob; HEARTBEAT_TIMEOUT_MS wins when both are set.
    config.heartbeatTimeoutMs =
      read('HEARTBEAT_TIMEOUT_MS') !== undefined
        ? integer('HEARTBEAT_TIMEOUT_MS', 1, config.heartbeatTimeoutMs)
        : duration('CONNECTION_TIMEOUT', config.heartbeatTimeoutMs)!;
    config.keepAliveMs = duration('KEEPALIVE_INTERVAL', null);
  }
  config.writeDeadlineMs = integer('WRITE_DEADLINE_MS', 1, config.writeDeadlineMs);
  config.maxWriteQueueSize = integer('MAX_WRITE_QUEUE_SIZE', 1, config.maxWriteQueueSize);
  config.batchWindowMs = integer('BATCH_WINDOW_MS', 0, config.batchWindowMs);
  config.maxBatchSize = integer('MAX_BATCH_SIZE', 1, config.maxBatchSize);
  config.guardSampleMs = integer('GUARD_SAMPLE_MS', 10, config.guardSampleMs);

  const symbols = read('TICK_SYMBOLS');
  if (symbols !== undefined) {
    config.symbols = symbols.split(',').map((s) => s.trim());
    if (config.symbols.some((s) => !SYMBOL_PATTERN.test(s))) {
      fail(
        'TICK_SYMBOLS',
        'a comma-separated list of tickers such as AAPL,MSFT (1-16 of A-Z 0-9 . _ -)',
      );
    }
  }
  const memLimit = read('GOMEMLIMIT');
  if (memLimit !== undefined) {
    const bytes = parseGoBytes(memLimit);
    if (bytes === undefined || bytes === 0) {
      fail('GOMEMLIMIT', 'a Go memory limit such as 1GiB, 512MiB, a byte count, or off');
    }
    config.memoryBudgetBytes = bytes!;
  }
  const gogc = read('GOGC');
  if (gogc !== undefined && !/^(\d+|off)$/.test(gogc.trim()))
    fail('GOGC', 'a percentage such as 80, or off');
  config.gogc = gogc?.trim() ?? null;

  refuseUnsupported(env, read, labels);
  checkListenHost(config, labels);
  return config;
}

/** Refuses a non-loopback bind address unless the caller opted in. */
export function checkListenHost(config: TargetConfig, labels: Record<string, string> = {}): void {
  const host = bindHost(config.host);
  if (config.listenAny || isLoopbackHost(host)) return;
  const name = labels.LISTEN_HOST ?? labels.LISTEN_ADDR ?? 'LISTEN_HOST/LISTEN_ADDR';
  throw new TargetConfigError(
    `${name}: the host ${JSON.stringify(host)} is not a loopback address; this framework listens on 127.0.0.0/8 or ::1 only. ` +
      'Use a loopback host, or pass --listen-any (LISTEN_ANY=1) to expose the target on purpose.',
  );
}

// Features of the published server this target does not have: saying so beats pretending.
function refuseUnsupported(
  env: NodeJS.ProcessEnv,
  read: (name: string) => string | undefined,
  labels: Record<string, string>,
): void {
  const tls = read('TLS_ENABLED')?.toLowerCase();
  if (tls !== undefined && !['0', 'false', 'no'].includes(tls)) {
    throw new TargetConfigError(
      `${labels.TLS_ENABLED ?? 'TLS_ENABLED'}=${JSON.stringify(env.TLS_ENABLED)}: the reference target speaks plain TCP only; unset it or use the published server for TLS`,
    );
  }
  for (const name of ['IP_ALLOWLIST', 'IP_BLOCKLIST']) {
    if (read(name) !== undefined) {
      throw new TargetConfigError(
        `${name}=${JSON.stringify(env[name])}: the reference target has no IP filtering (it listens on loopback only); unset it`,
      );
    }
  }
}
