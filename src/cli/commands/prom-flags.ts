// Flags shared by `chaos lint` and `chaos explain`: a Prometheus address, an evaluation
// time, durations. Each bad value is a UsageError that says what was expected.

import { PrometheusClient } from '../../prom/client.js';
import { DurationError, parseDuration } from '../../prom/promql/duration.js';
import { UsageError } from '../usage-error.js';

export function prometheusFlag(url: string | undefined): PrometheusClient | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--prometheus: expected a URL like http://127.0.0.1:9090, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--prometheus: expected an http:// or https:// URL, got "${url}"`);
  }
  return new PrometheusClient(url, { timeoutMs: 15_000 });
}

/** RFC 3339 (`2025-01-01T00:00:00Z`) or Unix seconds (`1735689600`). */
export function timeFlag(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  const date =
    value.trim() !== '' && Number.isFinite(seconds) ? new Date(seconds * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--time: expected RFC 3339 (2025-01-01T00:00:00Z) or Unix seconds, got "${value}"`,
    );
  }
  return date;
}

export function durationFlag(flag: string, value: string): number {
  try {
    const ms = parseDuration(value);
    if (ms <= 0) throw new DurationError('expected a duration above zero');
    return ms;
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`);
  }
}
