// A real /usr/bin/prometheus for tests: 127.0.0.1 on an ephemeral port (read back from its
// "Listening on" log line), a temp dir for config, rules and TSDB, lifecycle API on.
// `stop()` ends it by pid (SIGTERM, then SIGKILL) and removes the temp dir.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusClient } from '../../../src/prom/client.js';

export interface PrometheusOptions {
  /** `host:port` of scrape targets, scraped every `scrapeInterval`. */
  targets: string[];
  /** Rule files by file name, written into the temp dir and loaded. */
  rules?: Record<string, string>;
  scrapeInterval?: string;
  evaluationInterval?: string;
}

export interface RunningPrometheus {
  url: string;
  pid: number;
  dir: string;
  client: PrometheusClient;
  /** Rewrites a rule file in place (call `client.reload()` afterwards). */
  writeRules(name: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

const BINARY = '/usr/bin/prometheus';
const START_BOUND_MS = 60_000;

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'chaos-prom-test-'));
  const ruleNames = Object.keys(options.rules ?? {});
  for (const [name, text] of Object.entries(options.rules ?? {}))
    await writeFile(join(dir, name), text);
  const config = [
    'global:',
    `  scrape_interval: ${options.scrapeInterval ?? '1s'}`,
    `  evaluation_interval: ${options.evaluationInterval ?? '1s'}`,
    'rule_files:',
    ...ruleNames.map((name) => `  - ${JSON.stringify(join(dir, name))}`),
    ...(ruleNames.length === 0 ? ['  []'] : []),
    'scrape_configs:',
    '  - job_name: test',
    `    static_configs: [{ targets: ${JSON.stringify(options.targets)} }]`,
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config + '\n');

  const child = spawn(
    BINARY,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--web.listen-address=127.0.0.1:0',
      '--web.enable-lifecycle',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    log = (log + chunk).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const port = await until(
      START_BOUND_MS,
      () => listeningPort(log),
      () => `prometheus did not log its port; last stderr:\n${log.slice(-2000)}`,
      child,
    );
    const url = `http://127.0.0.1:${port}`;
    const client = new PrometheusClient(url, { timeoutMs: 10_000 });
    await until(
      START_BOUND_MS,
      async () => ((await client.ready().catch(() => false)) ? true : undefined),
      () => `prometheus did not answer ${url}/-/ready; last stderr:\n${log.slice(-2000)}`,
      child,
    );
    return {
      url,
      pid: child.pid!,
      dir,
      client,
      writeRules: (name, text) => writeFile(join(dir, name), text),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// msg="Listening on" address=127.0.0.1:43199
function listeningPort(log: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('msg="Listening on"')) continue;
    const address = line.slice(line.indexOf('address=') + 'address='.length).split(/\s/)[0] ?? '';
    const port = Number(address.slice(address.lastIndexOf(':') + 1));
    if (port > 0) return port;
  }
  return undefined;
}

/** Bounded polling: `check` until it gives a value, at most `boundMs` and 1,000 tries. */
export async function until<T>(
  boundMs: number,
  check: () => T | undefined | Promise<T | undefined>,
  failure: () => string,
  child?: { exitCode: number | null },
): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (let attempt = 0; attempt < 1_000 && Date.now() < deadline; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    if (child && child.exitCode !== null)
      throw new Error(`process exited (${child.exitCode}): ${failure()}`);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.min(attempt * 20, 400)));
  }
  throw new Error(`not within ${boundMs / 1000} s: ${failure()}`);
}
