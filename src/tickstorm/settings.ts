// The settings (environment variables) each TickStorm reads. A drill refuses, before
// anything starts, a remediation that sets a variable its target does not read: a
// restart with it changes nothing, and a recovery after it would be credited to nothing.

/**
 * What the published server's code reads (read from its source, commit 9800f1cc:
 * LoadConfigFromEnv, tls.go, auth.go, instance.go, autoscaling.go), and what Go's runtime
 * reads. Not among them: MAX_CONNECTIONS (its cap is fixed), CONNECTION_TIMEOUT and
 * KEEPALIVE_INTERVAL (the runbook's Prevention knobs: its keepalive is fixed at 30 s, its
 * session timeout is HEARTBEAT_TIMEOUT), and the ULIMIT_* variables of code nothing calls.
 */
export const PUBLISHED_SETTINGS = [
  'LISTEN_ADDR',
  'LISTEN_HOST',
  'LISTEN_PORT',
  'HEARTBEAT_INTERVAL',
  'HEARTBEAT_INTERVAL_MS',
  'HEARTBEAT_TIMEOUT',
  'HEARTBEAT_TIMEOUT_MS',
  'BATCH_WINDOW',
  'BATCH_WINDOW_MS',
  'TCP_READ_BUFFER_SIZE',
  'TCP_WRITE_BUFFER_SIZE',
  'WRITE_DEADLINE_MS',
  'MAX_WRITE_QUEUE_SIZE',
  'MAX_BATCH_SIZE',
  'IP_ALLOWLIST',
  'IP_BLOCKLIST',
  'TLS_ENABLED',
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'TLS_CA_FILE',
  'TLS_CLIENT_CA_FILE',
  'TLS_CLIENT_AUTH',
  'TLS_OCSP_ENABLED',
  'TLS_INSECURE_SKIP_VERIFY',
  'TLS_CERT_WATCH_ENABLED',
  'TLS_CERT_CHECK_INTERVAL',
  'STREAM_USER',
  'STREAM_PASS',
  'AUTH_MAX_ATTEMPTS',
  'AUTH_RATE_LIMIT_WINDOW',
  'INSTANCE_ID',
  'APP_VERSION',
  'AUTOSCALING_ENABLED',
  'AUTOSCALING_METRICS_PORT',
  'AUTOSCALING_SCALE_UP_THRESHOLD',
  'AUTOSCALING_SCALE_DOWN_THRESHOLD',
  'AUTOSCALING_CONNECTIONS_PER_INSTANCE',
  'AUTOSCALING_CPU_TARGET',
  'AUTOSCALING_MEMORY_TARGET',
  // Go's runtime
  'GOGC',
  'GOMEMLIMIT',
  'GOMAXPROCS',
  'GODEBUG',
] as const;

/** What the reference target reads (config.ts): the published variables it honours, and its own. */
export const REFERENCE_SETTINGS = [
  'LISTEN_ADDR',
  'LISTEN_HOST',
  'LISTEN_PORT',
  'METRICS_PORT',
  'HEALTH_PORT',
  'LISTEN_ANY',
  'INSTANCE_ID',
  'STREAM_USER',
  'STREAM_PASS',
  'AUTH_USERNAME',
  'AUTH_PASSWORD',
  'AUTH_TIMEOUT_MS',
  'AUTH_MAX_ATTEMPTS',
  'AUTH_RATE_LIMIT_WINDOW',
  'MAX_CONNECTIONS',
  'HEARTBEAT_INTERVAL_MS',
  'HEARTBEAT_TIMEOUT_MS',
  'CONNECTION_TIMEOUT',
  'KEEPALIVE_INTERVAL',
  'WRITE_DEADLINE_MS',
  'MAX_WRITE_QUEUE_SIZE',
  'BATCH_WINDOW_MS',
  'MAX_BATCH_SIZE',
  'GUARD_SAMPLE_MS',
  'TICK_SYMBOLS',
  'GOMEMLIMIT',
  'GOGC',
  'AS_PUBLISHED',
  'PUBLISHED_POOL_CPUS',
  // Read to be refused: the reference target has no TLS and no IP filtering.
  'TLS_ENABLED',
  'IP_ALLOWLIST',
  'IP_BLOCKLIST',
] as const;
