// The live view over real sockets: the page over HTTP, history then live events over a
// real WebSocket, several watchers, a watcher that stops reading is dropped while the
// others and the event path carry on, and close() delivers what was queued.

import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EventHub, type DrillEvent } from '../../src/result/events.js';
import type { LiveMessage } from '../../src/report/live/live-messages.js';
import { startLiveView, type LiveView } from '../../src/report/live/live-view.js';

const scenario = 'fd-exhaustion';
const log = (message: string): DrillEvent => ({
  type: 'log',
  scenario,
  message,
  at: new Date().toISOString(),
});

let view: LiveView | null = null;
const sockets: (WebSocket | Socket)[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0))
    if (socket instanceof WebSocket) socket.terminate();
    else socket.destroy();
  await view?.close();
  view = null;
});

/** Bounded polling for a condition. */
async function until(check: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Watcher {
  socket: WebSocket;
  messages: LiveMessage[];
  history: LiveMessage[] | null;
  closed: { code: number } | null;
}

async function watch(url: string): Promise<Watcher> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}live`);
  sockets.push(socket);
  const watcher: Watcher = { socket, messages: [], history: null, closed: null };
  socket.on('message', (data) => {
    const parsed = JSON.parse(String(data)) as { history?: LiveMessage[] } & LiveMessage;
    if (parsed.history) watcher.history = parsed.history;
    else watcher.messages.push(parsed);
  });
  socket.on('close', (code) => (watcher.closed = { code }));
  await until(() => watcher.history !== null, 'the history arrives');
  return watcher;
}

describe('live view (real HTTP and WebSocket on 127.0.0.1)', () => {
  it('serves the self-contained page on loopback and refuses other Host names', async () => {
    const events = new EventHub();
    view = await startLiveView({ events, port: 0, host: '127.0.0.1' });
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(view.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('window.DrillChart');
    expect(html).toContain('new WebSocket(`ws://${location.host}/live`)');
    expect((await fetch(`${view.url}nothing`)).status).toBe(404);
    const port = new URL(view.url).port;
    const rebound = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(`GET / HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(rebound).toMatch(/^HTTP\/1\.1 421/);
    await expect(startLiveView({ events, port: 0, host: '0.0.0.0' })).rejects.toThrow(
      /loopback only/,
    );
  });

  it('refuses a WebSocket from another web page (Origin), accepts its own page and scripts', async () => {
    const events = new EventHub();
    view = await startLiveView({ events, port: 0, host: '127.0.0.1' });
    const socketUrl = `${view.url.replace('http', 'ws')}live`;
    const attempt = (origin?: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(socketUrl, origin ? { origin } : {});
        sockets.push(socket);
        socket.on('open', () => resolve('open'));
        socket.on('unexpected-response', (_request, response) =>
          resolve(`refused ${response.statusCode}`),
        );
        socket.on('error', (error) => resolve(`error ${error.message}`));
      });
    expect(await attempt('http://evil.example')).toBe('refused 401');
    expect(await attempt(`http://localhost:1${new URL(view.url).port}`)).toBe('refused 401');
    expect(await attempt(view.url.replace(/\/$/, ''))).toBe('open');
    expect(await attempt()).toBe('open');
  });

  it('gives a late watcher the history first, then live events, to several watchers', async () => {
    const events = new EventHub();
    view = await startLiveView({
      events,
      port: 0,
      host: '127.0.0.1',
      thresholds: { [scenario]: 0.5 },
    });
    events.emit({ type: 'drill-start', scenario, description: 'd', theoreticalMinimumMs: 1 });
    events.emit(log('one'));
    const first = await watch(view.url);
    expect(first.history!.map((m) => m.event.type)).toEqual(['drill-start', 'log']);
    expect(first.history![0]!.chart).toMatchObject({ init: { threshold: 0.5 } });
    events.emit(log('two'));
    const second = await watch(view.url);
    expect(second.history!.map((m) => m.event.type)).toEqual(['drill-start', 'log', 'log']);
    events.emit(log('three'));
    await until(
      () => first.messages.length === 2 && second.messages.length === 1,
      'both watchers get the live events',
    );
    const text = (m: LiveMessage) => (m.event.type === 'log' ? m.event.message : '');
    expect(first.messages.map(text)).toEqual(['two', 'three']);
    expect(second.messages.map(text)).toEqual(['three']);
    expect(view.clients()).toBe(2);
  });

  it('drops a watcher that stops reading; the event path and the other watcher carry on', async () => {
    const events = new EventHub();
    view = await startLiveView({
      events,
      port: 0,
      host: '127.0.0.1',
      maxBufferedBytes: 256 * 1024,
      history: { maxSamples: 100, maxLogs: 5 },
    });
    const reader = await watch(view.url);
    // A raw WebSocket handshake, then never read again: the server's send buffer grows.
    const port = Number(new URL(view.url).port);
    const stalled = connect(port, '127.0.0.1');
    sockets.push(stalled);
    stalled.write(
      `GET /live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise<void>((resolve) =>
      stalled.once('data', (chunk) => {
        expect(chunk.toString()).toMatch(/^HTTP\/1\.1 101/);
        stalled.pause();
        resolve();
      }),
    );
    await until(() => view!.clients() === 2, 'both watchers are connected');

    const big = 'x'.repeat(64 * 1024);
    let sent = 0;
    // Small pauses let the reading watcher drain; the stalled one cannot.
    for (let batch = 0; batch < 100 && view.clients() === 2; batch++) {
      for (let i = 0; i < 4; i++) {
        expect(() => events.emit(log(`${sent++} ${big}`))).not.toThrow();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(view.clients()).toBe(1);
    await until(() => reader.messages.length === sent, 'the reading watcher gets every event');
    expect(reader.closed).toBeNull();
  });

  it('keeps going when a watcher closes, and close() delivers the final events first', async () => {
    const events = new EventHub();
    view = await startLiveView({ events, port: 0, host: '127.0.0.1' });
    const leaving = await watch(view.url);
    const staying = await watch(view.url);
    leaving.socket.close();
    await until(() => view!.clients() === 1, 'the server notices the closed watcher');
    expect(() => events.emit(log('after the first left'))).not.toThrow();
    for (let i = 0; i < 50; i++) events.emit(log(`final ${i}`));
    await view.close();
    await until(() => staying.closed !== null, 'the watcher sees the close');
    expect(staying.closed!.code).toBe(1001);
    expect(staying.messages).toHaveLength(51);
    await expect(fetch(view.url)).rejects.toThrow();
  });
});
