// One error type for everything that can go wrong talking to Prometheus; `kind` lets the
// engine tell a broken stack (unreachable, timeout, bad_status) from a bad query.

export type PrometheusErrorKind = 'unreachable' | 'timeout' | 'bad_status' | 'query_error';

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    readonly details: {
      url: string;
      status?: number;
      /** Prometheus's own error class for query errors: bad_data, execution, timeout, … */
      errorType?: string;
      /** Prometheus's own message, unchanged. */
      prometheusMessage?: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.name = 'PrometheusError';
  }

  get url(): string {
    return this.details.url;
  }
}

export function isPrometheusError(error: unknown): error is PrometheusError {
  return error instanceof PrometheusError;
}
