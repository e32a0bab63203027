// A real toxiproxy-server for integration tests: spawned on 127.0.0.1 at a free port,
// driven through its HTTP API, killed by pid in teardown.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { toolsBin } from '../../src/paths.js';

export interface ToxicSpec {
  type: 'reset_peer' | 'timeout' | 'limit_data' | 'latency' | 'bandwidth' | 'slicer' | 'slow_close';
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
  attributes: Record<string, number>;
}

export interface ProxyAddress {
  host: string;
  port: number;
}

const BINARY = join(toolsBin, 'toxiproxy-server');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class ToxiproxyServer {
  private stderr = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
  ) {
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2_000)),
    );
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts one; retries on another port if the chosen one was taken meanwhile. */
  static async start(): Promise<ToxiproxyServer> {
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const child = spawn(BINARY, ['-host', '127.0.0.1', '-port', String(port)], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'warn' },
      });
      const server = new ToxiproxyServer(child, `http://127.0.0.1:${port}`);
      try {
        await server.waitForVersion();
        return server;
      } catch (error) {
        lastError = error as Error;
        await server.stop();
      }
    }
    throw lastError;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** A proxy listening on an ephemeral loopback port, forwarding to `upstream`. */
  async createProxy(name: string, upstream: ProxyAddress): Promise<ProxyAddress> {
    const created = (await this.request('POST', '/proxies', {
      name,
      listen: '127.0.0.1:0',
      upstream: `${upstream.host}:${upstream.port}`,
      enabled: true,
    })) as { listen: string };
    const [host, port] = created.listen.split(':');
    return { host: host!, port: Number(port) };
  }

  async addToxic(proxy: string, name: string, toxic: ToxicSpec): Promise<void> {
    await this.request('POST', `/proxies/${proxy}/toxics`, {
      name,
      stream: 'downstream',
      toxicity: 1,
      ...toxic,
    });
  }

  async removeToxic(proxy: string, name: string): Promise<void> {
    await this.request('DELETE', `/proxies/${proxy}/toxics/${name}`);
  }

  /** SIGTERM by pid, SIGKILL if it has not exited within 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const exited = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
    ]);
    if (!exited) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  private async waitForVersion(): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (let attempt = 0; attempt < 300 && Date.now() < deadline; attempt++) {
      if (this.child.exitCode !== null) break;
      try {
        const response = await fetch(`${this.apiUrl}/version`, {
          signal: AbortSignal.timeout(1_000),
        });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `toxiproxy-server did not answer GET ${this.apiUrl}/version within 15 s (exit ${this.child.exitCode}); stderr: ${this.stderr.trim() || '(none)'}`,
    );
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`toxiproxy ${method} ${path}: HTTP ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }
}
