// A tiny real HTTP server serving Prometheus text-format metrics that a test controls:
// gauges set to a value, counters that grow at a set rate, series removed to make them
// absent. Listens on 127.0.0.1, ephemeral port.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Labels = Record<string, string>;

interface SeriesState {
  name: string;
  labels: Labels;
  value: number;
  /** Per second; the value grows from `since` on. */
  rate: number;
  since: number;
}

export interface MetricsServer {
  /** `127.0.0.1:port`, for a scrape config. */
  hostPort: string;
  /** A series with a fixed value (NaN and ±Inf allowed). */
  set(name: string, labels: Labels, value: number): void;
  /** A counter growing at `perSecond` from its current value. */
  grow(name: string, labels: Labels, perSecond: number): void;
  remove(name: string, labels?: Labels): void;
  close(): Promise<void>;
}

export async function startMetricsServer(): Promise<MetricsServer> {
  const series = new Map<string, SeriesState>();
  const key = (name: string, labels: Labels) =>
    name + JSON.stringify(Object.entries(labels).sort());
  const valueNow = (state: SeriesState) =>
    state.value + (state.rate * (Date.now() - state.since)) / 1000;

  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    const lines = [...series.values()].map(
      (state) => `${state.name}${formatLabels(state.labels)} ${formatValue(valueNow(state))}`,
    );
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(lines.join('\n') + '\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    hostPort: `127.0.0.1:${port}`,
    set(name, labels, value) {
      series.set(key(name, labels), { name, labels, value, rate: 0, since: Date.now() });
    },
    grow(name, labels, perSecond) {
      const existing = series.get(key(name, labels));
      const value = existing ? valueNow(existing) : 0;
      series.set(key(name, labels), { name, labels, value, rate: perSecond, since: Date.now() });
    },
    remove(name, labels) {
      for (const [id, state] of series) {
        if (state.name === name && (!labels || id === key(name, labels))) series.delete(id);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
