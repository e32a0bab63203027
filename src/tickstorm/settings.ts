// The settings (environment variables) each TickStorm reads. A drill refuses, before
// anything starts, a remediation that sets a variable its target does not read: a
// restart with it changes nothing, and a recovery after it would be credited to nothing.

/**
 * What the published server's code reads (PROTOCOL.md; checked against its source), plus
 * GOGC and GOMEMLIMIT, which Go's runtime reads. Not among them: MAX_CONNECTIONS (its cap
 * is fixed), CONNECTION_TIMEOUT and KEEPALIVE_INTERVAL (the runbook's Prevention knobs:
 * its keepalive is fixed at 30 s, its session timeout is HEARTBEAT_TIMEOUT_MS).
 */
export const PUBLISHED_SETTINGS = [
  'LISTEN_ADDR',
  'LISTEN_HOST',
  'LISTEN_PORT',
  'HEARTBEAT_INTERVAL_MS',
  'HEARTBEAT_TIMEOUT_MS',
  'WRITE_DEADLINE_MS',
  'MAX_WRITE_QUEUE_SIZE',
  'BATCH_WINDOW_MS',
  'MAX_BATCH_SIZE',
  'TCP_READ_BUFFER_SIZE',
  'TCP_WRITE_BUFFER_SIZE',
  'STREAM_USER',
  'STREAM_PASS',
  'AUTH_MAX_ATTEMPTS',
  'AUTH_RATE_LIMIT_WINDOW',
  'IP_ALLOWLIST',
  'IP_BLOCKLIST',
  'TLS_ENABLED',
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'TLS_CLIENT_AUTH',
  'TLS_CA_FILE',
  'GOGC',
  'GOMEMLIMIT',
] as const;

/** The published server's variables this reference target has no use for (TLS, buffers). */
const NOT_REFERENCE = new Set<string>([
  'TCP_READ_BUFFER_SIZE',
  'TCP_WRITE_BUFFER_SIZE',
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'TLS_CLIENT_AUTH',
  'TLS_CA_FILE',
]);

/** What the reference target reads (config.ts): the published ones it honours, and its own. */
export const REFERENCE_SETTINGS = [
  ...PUBLISHED_SETTINGS.filter((name) => !NOT_REFERENCE.has(name)),
  'AUTH_USERNAME',
  'AUTH_PASSWORD',
  'AUTH_TIMEOUT_MS',
  'MAX_CONNECTIONS',
  'CONNECTION_TIMEOUT',
  'KEEPALIVE_INTERVAL',
  'METRICS_PORT',
  'HEALTH_PORT',
  'LISTEN_ANY',
  'INSTANCE_ID',
  'TICK_SYMBOLS',
  'GUARD_SAMPLE_MS',
  'AS_PUBLISHED',
] as const;
