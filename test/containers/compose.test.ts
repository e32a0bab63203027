// The repository's docker-compose.yml brought up by a real compose, then a drill with
// `--provider external` against it, as the README's game day does. The stack is the one
// users run, with one override for test time: Prometheus scrapes every second and loads
// the rules at the ci time scale, and the target gives up on a silent client after 3 s.
// Where no engine or no compose answers, the test says why and skips.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { loadRulesFile } from '../../src/prom/rules-file.js';
import { scaleRules } from '../../src/prom/rules-scale.js';
import { probeContainerEngine } from '../../src/stack/containers/container-engine.js';
import { readJournal, runChaos } from '../helpers/run-chaos.js';

const exec = promisify(execFile);
const engine = await probeContainerEngine();
const compose = engine.ok ? await findCompose() : null;
const why = !engine.ok
  ? `no container engine answers (${engine.reason})`
  : !compose
    ? 'neither `docker compose` nor `docker-compose` is installed'
    : null;
if (why) console.log(`test/containers/compose: skipped: ${why}`);

const PROJECT = 'chaos-compose-test';
const FIXTURE = join(projectRoot, 'test/containers/fixtures/heartbeat-stall-noop.ts');

/** The compose command this machine has: the plugin, else Debian's docker-compose. */
async function findCompose(): Promise<string[] | null> {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    try {
      await exec(command[0]!, [...command.slice(1), 'version'], { timeout: 20_000 });
      return command;
    } catch {
      // Not this one.
    }
  }
  return null;
}

async function composeRun(args: string[], timeoutMs: number): Promise<string> {
  const [file, ...prefix] = compose!;
  const { stdout, stderr } = await exec(file!, [...prefix, ...args], {
    cwd: projectRoot,
    timeout: timeoutMs,
    maxBuffer: 16 << 20,
  });
  return `${stdout}${stderr}`;
}

/** Prometheus at the ci scale: its config and the rules scaled as a ci drill's. */
async function ciOverride(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'compose-override-'));
  mkdirSync(join(dir, 'rules'));
  writeFileSync(
    join(dir, 'rules', 'tickstorm-corrected.rules.yml'),
    scaleRules(await loadRulesFile(join(projectRoot, 'rules/tickstorm-corrected.rules.yml')), 0.1),
  );
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 3s }',
      'rule_files: [/etc/prometheus/rules/tickstorm-corrected.rules.yml]',
      "alerting: { alertmanagers: [{ static_configs: [{ targets: ['alertmanager:9093'] }] }] }",
      "scrape_configs: [{ job_name: tickstorm, static_configs: [{ targets: ['tickstorm:9090'] }] }]",
      '',
    ].join('\n'),
  );
  const file = join(dir, 'docker-compose.ci.yml');
  writeFileSync(
    file,
    [
      'services:',
      '  tickstorm:',
      '    environment:',
      "      HEARTBEAT_TIMEOUT_MS: '3000'",
      '  prometheus:',
      '    volumes:',
      `      - ${join(dir, 'prometheus.yml')}:/etc/prometheus/prometheus.yml:ro`,
      `      - ${join(dir, 'rules')}:/etc/prometheus/rules:ro`,
      '',
    ].join('\n'),
  );
  return file;
}

async function ready(url: string, withinMs: number): Promise<void> {
  const end = Date.now() + withinMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // Not yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${url} did not answer within ${withinMs / 1000} s`);
}

let files: string[] = [];
afterAll(async () => {
  if (files.length > 0)
    await composeRun(['-p', PROJECT, ...files, 'down', '-v', '--remove-orphans'], 120_000);
}, 150_000);

describe('docker compose, then chaos run --provider external', () => {
  it.skipIf(why !== null)(
    `brings the repository's stack up and runs a drill of toxics against it${why ? ` [skipped: ${why}]` : ''}`,
    { timeout: 900_000 },
    async () => {
      files = ['-f', 'docker-compose.yml', '-f', await ciOverride()];
      await composeRun(['-p', PROJECT, ...files, 'up', '-d', '--build'], 600_000);
      await ready('http://127.0.0.1:9090/-/ready', 120_000);
      await ready('http://127.0.0.1:8474/version', 60_000);
      await ready('http://127.0.0.1:8081/health', 60_000);
      // Alertmanager loads the repository's config (a stand-in image without Debian's
      // templates once failed here, unseen, with "failed to parse templates").
      await ready('http://127.0.0.1:9093/-/ready', 60_000);

      const run = await runChaos([
        'run',
        FIXTURE,
        '--provider',
        'external',
        '--profile',
        'ci',
        '--prometheus',
        'http://127.0.0.1:9090',
        '--toxiproxy',
        'http://127.0.0.1:8474',
        '--target',
        '127.0.0.1:8080',
        '--proxy-listen',
        '0.0.0.0:26000',
        '--proxy-upstream',
        'tickstorm:8080',
        '--load-address',
        '127.0.0.1:26000',
        '--allow-remote',
        '0.0.0.0',
        '--allow-remote',
        'tickstorm',
      ]);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(drill.stack.provider).toBe('external');
      // The containers' Prometheus fired the alert on the target's own counters; the
      // no-op remediation then fails verification, and the proxy is removed.
      expect(
        drill.steps.find((s) => s.name === 'expect'),
        run.stderr.slice(-2000),
      ).toMatchObject({
        outcome: 'pass',
      });
      expect(drill.steps.find((s) => s.name === 'verify')).toMatchObject({ outcome: 'fail' });
      expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
      expect(run.code).toBe(1);
      const proxies = (await (await fetch('http://127.0.0.1:8474/proxies')).json()) as object;
      expect(Object.keys(proxies)).toEqual([]);
    },
  );
});
