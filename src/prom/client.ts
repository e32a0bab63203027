// A small Prometheus HTTP API client over fetch. Every request has its own deadline, and
// every failure is a PrometheusError saying which URL did not answer, or answered what.

import { ZodError } from 'zod';
import { PrometheusError } from './prometheus-error.js';
import {
  decodeAlertsData,
  decodeMatrixData,
  decodeQueryResult,
  decodeRulesData,
  decodeSeriesData,
  decodeTargetsData,
} from './api-decode.js';
import type {
  AlertInstance,
  Labels,
  QueryResult,
  RuleGroup,
  ScrapeTarget,
  Series,
} from './api-types.js';

export interface PrometheusClientOptions {
  /** Per-request deadline; default 10 s. */
  timeoutMs?: number;
}

export class PrometheusClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;

  constructor(baseUrl: string | URL, options: PrometheusClientOptions = {}) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Instant query at `time` (default: Prometheus's now). */
  async query(expr: string, time?: Date): Promise<QueryResult> {
    const form: Record<string, string> = { query: expr };
    if (time) form.time = unixSeconds(time);
    return this.call('POST', '/api/v1/query', decodeQueryResult, form, expr);
  }

  /** Range query; `stepSeconds` is the resolution. */
  async queryRange(expr: string, start: Date, end: Date, stepSeconds: number): Promise<Series[]> {
    const form = {
      query: expr,
      start: unixSeconds(start),
      end: unixSeconds(end),
      step: String(stepSeconds),
    };
    return this.call('POST', '/api/v1/query_range', decodeMatrixData, form, expr);
  }

  /** The label sets of the series matching any of the selectors (all stored time unless bounded). */
  async series(selectors: string[], start?: Date, end?: Date): Promise<Labels[]> {
    const form = new URLSearchParams();
    for (const selector of selectors) form.append('match[]', selector);
    if (start) form.set('start', unixSeconds(start));
    if (end) form.set('end', unixSeconds(end));
    return this.call('POST', '/api/v1/series', decodeSeriesData, form, selectors.join(', '));
  }

  /** Active (pending or firing) alerts. */
  async alerts(): Promise<AlertInstance[]> {
    return this.call('GET', '/api/v1/alerts', decodeAlertsData);
  }

  async rules(): Promise<RuleGroup[]> {
    return this.call('GET', '/api/v1/rules', decodeRulesData);
  }

  async targets(): Promise<ScrapeTarget[]> {
    return this.call('GET', '/api/v1/targets?state=active', decodeTargetsData);
  }

  /** True when `/-/ready` says ready, false while Prometheus is still starting (503). */
  async ready(): Promise<boolean> {
    const response = await this.send('GET', '/-/ready');
    if (response.status === 503) return false;
    if (!response.ok) throw await badStatus(this.url('/-/ready'), response);
    return true;
  }

  /** Reloads configuration and rules; Prometheus must run with `--web.enable-lifecycle`. */
  async reload(): Promise<void> {
    const url = this.url('/-/reload');
    const response = await this.send('POST', '/-/reload');
    if (response.ok) return;
    const error = await badStatus(url, response);
    if (response.status === 403) {
      throw new PrometheusError(
        'bad_status',
        `${error.message}; start Prometheus with --web.enable-lifecycle to allow reloads`,
        error.details,
      );
    }
    throw error;
  }

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  // One API call: send, check the envelope, decode `data`; `what` names the query in errors.
  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    decode: (data: unknown) => T,
    form?: Record<string, string> | URLSearchParams,
    what?: string,
  ): Promise<T> {
    const url = this.url(path);
    const response = await this.send(method, path, form);
    const body = await this.readBody(url, response);
    let envelope: { status?: unknown; data?: unknown; errorType?: unknown; error?: unknown };
    try {
      envelope = JSON.parse(body) as typeof envelope;
    } catch {
      throw await badStatus(url, response, body);
    }
    if (envelope.status === 'error') {
      const prometheusMessage = String(envelope.error ?? 'no message');
      const errorType = String(envelope.errorType ?? 'unknown');
      throw new PrometheusError(
        'query_error',
        `Prometheus rejected ${what ? `\`${what}\`` : `the request to ${url}`}: ${errorType}: ${prometheusMessage}`,
        { url, status: response.status, errorType, prometheusMessage },
      );
    }
    if (!response.ok || envelope.status !== 'success') throw await badStatus(url, response, body);
    try {
      return decode(envelope.data);
    } catch (error) {
      if (error instanceof ZodError || error instanceof TypeError) throw shapeError(url, error);
      throw error;
    }
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string> | URLSearchParams,
  ): Promise<Response> {
    const url = this.url(path);
    try {
      return await fetch(url, {
        method,
        body: form ? new URLSearchParams(form) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.transportError(url, error);
    }
  }

  private async readBody(url: string, response: Response): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.transportError(url, error);
    }
  }

  private transportError(url: string, error: unknown): PrometheusError {
    const seconds = `${this.timeoutMs / 1000} s`;
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new PrometheusError(
        'timeout',
        `Prometheus did not answer ${url} within ${seconds}; is it overloaded or stuck?`,
        { url, cause: error },
      );
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new PrometheusError(
      'unreachable',
      `could not reach Prometheus at ${url} (${reason}); check that it runs and that the address is right`,
      { url, cause: error },
    );
  }
}

// A payload of the wrong shape (a proxy, another service on the port) is a bad answer.
function shapeError(url: string, error: ZodError | TypeError): PrometheusError {
  const detail =
    error instanceof ZodError
      ? `${error.issues[0]?.path.join('.') || 'data'}: ${error.issues[0]?.message}`
      : error.message;
  return new PrometheusError(
    'bad_status',
    `${url} answered with an unexpected payload (${detail}); expected a Prometheus 2.x API response`,
    { url, cause: error },
  );
}

async function badStatus(url: string, response: Response, body?: string): Promise<PrometheusError> {
  const text = body ?? (await response.text().catch(() => ''));
  const snippet = text.trim().slice(0, 200);
  return new PrometheusError(
    'bad_status',
    `${url} answered HTTP ${response.status}${snippet ? `: ${snippet}` : ''}; expected a Prometheus API response`,
    { url, status: response.status },
  );
}

function unixSeconds(time: Date): string {
  return (time.getTime() / 1000).toFixed(3);
}
