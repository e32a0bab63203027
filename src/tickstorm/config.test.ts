import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { TargetConfigError, targetConfigFromEnv } from './config.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TargetConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a TargetConfigError');
}

describe('targetConfigFromEnv', () => {
  it('has the published defaults, on loopback', () => {
    const config = targetConfigFromEnv({});
    expect(config).toMatchObject({
      host: '',
      port: 8080,
      metricsPort: 9090,
      healthPort: 8081,
      maxConnections: 100_000,
      heartbeatTimeoutMs: 20_000,
      authTimeoutMs: 10_000,
      authMaxAttempts: 3,
      authRateLimitWindowMs: 60_000,
      writeDeadlineMs: 5000,
      maxWriteQueueSize: 1000,
      batchWindowMs: 5,
      maxBatchSize: 100,
      memoryBudgetBytes: 2 ** 30,
      keepAliveMs: null,
      username: '',
      password: '',
    });
  });

  it('reads the published variables and the Go-syntax knobs', () => {
    const config = targetConfigFromEnv({
      LISTEN_ADDR: '127.0.0.5:7000',
      STREAM_USER: 'u',
      STREAM_PASS: 'p',
      AUTH_RATE_LIMIT_WINDOW: '30s',
      GOMEMLIMIT: '512MiB',
      GOGC: '80',
      KEEPALIVE_INTERVAL: '30s',
      CONNECTION_TIMEOUT: '300s',
      TICK_SYMBOLS: 'AAA, BBB',
      INSTANCE_ID: 'ts-1',
    });
    expect(config).toMatchObject({
      host: '127.0.0.5',
      port: 7000,
      username: 'u',
      password: 'p',
      authRateLimitWindowMs: 30_000,
      memoryBudgetBytes: 512 * 2 ** 20,
      gogc: '80',
      keepAliveMs: 30_000,
      heartbeatTimeoutMs: 300_000,
      symbols: ['AAA', 'BBB'],
      instanceId: 'ts-1',
    });
  });

  it('lets HEARTBEAT_TIMEOUT_MS win over CONNECTION_TIMEOUT, and LISTEN_HOST/PORT over LISTEN_ADDR', () => {
    const config = targetConfigFromEnv({
      HEARTBEAT_TIMEOUT_MS: '1500',
      CONNECTION_TIMEOUT: '300s',
      LISTEN_ADDR: ':9000',
      LISTEN_PORT: '0',
    });
    expect(config.heartbeatTimeoutMs).toBe(1500);
    expect(config.port).toBe(0);
  });

  it('falls back to the README names for credentials', () => {
    const config = targetConfigFromEnv({ AUTH_USERNAME: 'a', AUTH_PASSWORD: 'b' });
    expect([config.username, config.password]).toEqual(['a', 'b']);
  });

  it('names the variable, the value and what was expected', () => {
    expect(errorOf(() => targetConfigFromEnv({ MAX_CONNECTIONS: 'lots' }))).toBe(
      'MAX_CONNECTIONS="lots": expected an integer ≥ 1',
    );
    expect(errorOf(() => targetConfigFromEnv({ CONNECTION_TIMEOUT: '300' }))).toMatch(
      /^CONNECTION_TIMEOUT="300": expected a positive Go duration/,
    );
    expect(errorOf(() => targetConfigFromEnv({ GOMEMLIMIT: '1GB' }))).toMatch(/^GOMEMLIMIT="1GB"/);
    expect(errorOf(() => targetConfigFromEnv({ LISTEN_PORT: '99999' }))).toMatch(
      /^LISTEN_PORT="99999": expected a port number/,
    );
    expect(errorOf(() => targetConfigFromEnv({ TICK_SYMBOLS: 'A,,B' }))).toMatch(/^TICK_SYMBOLS=/);
  });

  it('uses the flag name given for a variable', () => {
    expect(
      errorOf(() => targetConfigFromEnv({ LISTEN_PORT: 'x' }, { LISTEN_PORT: '--port' })),
    ).toMatch(/^--port="x"/);
  });

  it('refuses a non-loopback host unless LISTEN_ANY opts in', () => {
    expect(errorOf(() => targetConfigFromEnv({ LISTEN_ADDR: '0.0.0.0:8080' }))).toMatch(
      /"0.0.0.0" is not a loopback address.*--listen-any/,
    );
    expect(targetConfigFromEnv({ LISTEN_ADDR: '0.0.0.0:8080', LISTEN_ANY: '1' }).host).toBe(
      '0.0.0.0',
    );
  });

  it('refuses features the reference target does not have', () => {
    expect(errorOf(() => targetConfigFromEnv({ TLS_ENABLED: 'true' }))).toMatch(/plain TCP only/);
    expect(targetConfigFromEnv({ TLS_ENABLED: 'false' }).port).toBe(8080);
  });

  it('sizes the published pool from the CPUs available, or PUBLISHED_POOL_CPUS', () => {
    expect(targetConfigFromEnv({}).publishedPoolCpus).toBe(availableParallelism());
    expect(targetConfigFromEnv({ PUBLISHED_POOL_CPUS: '2' }).publishedPoolCpus).toBe(2);
    for (const bad of ['0', 'two', '1.5', '-1']) {
      expect(errorOf(() => targetConfigFromEnv({ PUBLISHED_POOL_CPUS: bad }))).toBe(
        `PUBLISHED_POOL_CPUS=${JSON.stringify(bad)}: expected an integer ≥ 1`,
      );
    }
  });

  it('with published-settings, ignores what the published code never reads, even bad values', () => {
    const env = {
      AS_PUBLISHED: 'published-settings',
      MAX_CONNECTIONS: 'lots',
      CONNECTION_TIMEOUT: '300s',
      KEEPALIVE_INTERVAL: '5s',
    };
    const config = targetConfigFromEnv(env);
    expect(config).toMatchObject({
      maxConnections: 100_000,
      heartbeatTimeoutMs: 20_000,
      keepAliveMs: 30_000,
      ignoredSettings: ['MAX_CONNECTIONS', 'CONNECTION_TIMEOUT', 'KEEPALIVE_INTERVAL'],
    });
    expect(targetConfigFromEnv({ ...env, HEARTBEAT_TIMEOUT_MS: '1500' }).heartbeatTimeoutMs).toBe(
      1500,
    );
    expect(targetConfigFromEnv({ AS_PUBLISHED: 'all' }).ignoredSettings).toEqual([]);
    // Without the habit they are read as before.
    expect(targetConfigFromEnv({ CONNECTION_TIMEOUT: '300s' }).ignoredSettings).toEqual([]);
  });
});
