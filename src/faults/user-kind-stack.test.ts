import { describe, expect, it } from 'vitest';
import { sharedChanges, sharedData, stackFromView, type StackView } from './user-kind-stack.js';

const view: StackView = {
  provider: 'local',
  prometheusUrl: 'http://127.0.0.1:9090',
  alertmanager: null,
  toxiproxy: {
    url: 'http://127.0.0.1:8474',
    proxy: 'tickstorm',
    listen: { host: '127.0.0.1', port: 4001 },
    netns: null,
    container: null,
  },
  target: {
    stream: { host: '127.0.0.1', port: 4000 },
    metricsUrl: 'http://127.0.0.1:4002/metrics',
    healthUrl: null,
    process: { pid: 42, startTime: 7, command: 'tickstorm' },
    netns: 'chaos-1',
    container: null,
  },
};

describe("the stack as a user's kind sees it", () => {
  it('holds the addresses, fresh clients, and the target as it was', () => {
    const stack = stackFromView(view);
    expect(stack.target.stream.port).toBe(4000);
    expect(stack.target.netns).toBe('chaos-1');
    expect(stack.target.process()).toEqual({ pid: 42, startTime: 7, command: 'tickstorm' });
    expect(stack.prometheus.baseUrl).toBe('http://127.0.0.1:9090');
    expect(stack.toxiproxy.client.url).toBe('http://127.0.0.1:8474');
    expect(stack.target.restart).toBeNull();
  });

  it('says what only the chaos process can do, instead of doing nothing', () => {
    const stack = stackFromView(view);
    expect(() => stack.target.onRestart(async () => {})).toThrow(
      /stack\.target\.onRestart cannot be used from a user's fault kind/,
    );
  });
});

describe('shared state across the boundary', () => {
  it('crosses as JSON, leaving handles behind', () => {
    const shared = new Map<string, unknown>([
      ['cgroup', '/sys/fs/cgroup/x'],
      ['timer', { ref: () => {} }],
      [
        'cycle',
        (() => {
          const o: Record<string, unknown> = {};
          o.self = o;
          return o;
        })(),
      ],
    ]);
    expect(sharedData(shared)).toEqual([
      ['cgroup', '/sys/fs/cgroup/x'],
      ['timer', {}],
    ]);
  });

  it('comes back as only what the kind set or changed', () => {
    const given: [string, unknown][] = [
      ['a', 1],
      ['b', { x: 1 }],
    ];
    const now = new Map<string, unknown>([
      ['a', 1],
      ['b', { x: 2 }],
      ['c', 'new'],
    ]);
    expect(sharedChanges(given, now)).toEqual([
      ['b', { x: 2 }],
      ['c', 'new'],
    ]);
  });
});
