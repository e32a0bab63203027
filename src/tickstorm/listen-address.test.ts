import { describe, expect, it } from 'vitest';
import {
  bindHost,
  formatHostPort,
  httpUrl,
  isLoopbackHost,
  parseListenAddress,
  parsePort,
} from './listen-address.js';

describe('parseListenAddress', () => {
  it('reads Go listen addresses', () => {
    expect(parseListenAddress(':8080')).toEqual({ host: '', port: 8080 });
    expect(parseListenAddress('127.0.0.2:0')).toEqual({ host: '127.0.0.2', port: 0 });
    expect(parseListenAddress('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseListenAddress('localhost:8080')).toEqual({ host: 'localhost', port: 8080 });
  });

  it('refuses addresses without a port or with a bad one', () => {
    for (const bad of ['8080', '127.0.0.1', ':70000', '::1:80', 'host:port', '']) {
      expect(parseListenAddress(bad), bad).toBeNull();
    }
  });
});

describe('parsePort', () => {
  it('accepts 0..65535 only', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65_535);
    expect(parsePort('65536')).toBeNull();
    expect(parsePort('-1')).toBeNull();
    expect(parsePort('80a')).toBeNull();
  });
});

describe('isLoopbackHost', () => {
  it('knows 127.0.0.0/8, ::1 and localhost', () => {
    for (const host of ['127.0.0.1', '127.3.4.5', '::1', 'localhost', '0:0:0:0:0:0:0:1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '10.0.0.1', '::', '', 'example.com', '128.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('addresses in text', () => {
  it('binds an empty host to loopback and brackets IPv6', () => {
    expect(bindHost('')).toBe('127.0.0.1');
    expect(formatHostPort({ host: '::1', port: 80 })).toBe('[::1]:80');
    expect(httpUrl({ host: '127.0.0.1', port: 9090 }, '/metrics')).toBe(
      'http://127.0.0.1:9090/metrics',
    );
  });
});
