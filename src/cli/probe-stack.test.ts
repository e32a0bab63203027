import { describe, expect, it } from 'vitest';
import { reasonOf, stackProbes } from './probe-stack.js';

describe('stackProbes', () => {
  it('probes nothing for the stack it starts itself', () => {
    expect(stackProbes({ provider: 'local' })).toEqual([]);
    expect(stackProbes({ provider: 'docker' })).toEqual([]);
  });

  it("probes an external stack's Prometheus, Toxiproxy and the target's metrics", () => {
    const probes = stackProbes({
      provider: 'external',
      prometheusUrl: 'http://127.0.0.1:9090/',
      toxiproxyUrl: 'http://127.0.0.1:8474/',
      target: { stream: { host: '127.0.0.1', port: 8080 }, metricsUrl: 'http://127.0.0.1:9100/m' },
    });
    expect(probes.map((p) => [p.flag, p.kind === 'http' ? p.path : p.port])).toEqual([
      ['--prometheus', '/-/ready'],
      ['--toxiproxy', '/version'],
      ['--target-metrics', ''],
    ]);
  });

  it('probes an external target of the local stack by TCP and its metrics by HTTP', () => {
    const probes = stackProbes({
      provider: 'local',
      externalTarget: { stream: { host: '127.0.0.1', port: 8080 }, metricsUrl: 'http://x/m' },
    });
    expect(probes.map((p) => `${p.kind} ${p.flag}`)).toEqual([
      'tcp --target',
      'http --target-metrics',
    ]);
  });
});

describe('reasonOf', () => {
  it("finds the socket's reason inside fetch's error", () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(reasonOf(refused)).toBe('connection refused');
    expect(reasonOf(new DOMException('timed out', 'TimeoutError'))).toBe('no answer');
    expect(reasonOf(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe('host not found');
  });
});
