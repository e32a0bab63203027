// docker-compose.yml and the Prometheus config it mounts, read as a container engine
// would read them (there may be none here): the four services with their pinned images,
// every published port on loopback, the rules mounted read-only and loaded from there,
// and the real promtool accepting the config with the repository's rule files.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { projectRoot } from '../../src/paths.js';
import {
  ALERTMANAGER_IMAGE,
  PROMETHEUS_IMAGE,
  PROXY_PORT,
  TARGET_IMAGE,
  TOXIPROXY_IMAGE,
} from '../../src/stack/containers/images.js';

const run = promisify(execFile);

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string[];
  ports?: (string | { host_ip?: string; target?: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target?: string; read_only?: boolean })[];
  network_mode?: string;
}

const composeText = readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as { services: Record<string, Service> };
const services = compose.services;

/** A volume entry as { source, target, readOnly }, from either compose syntax. */
function mount(volume: NonNullable<Service['volumes']>[number]) {
  if (typeof volume === 'string') {
    const [source, target, mode] = volume.split(':');
    return { source, target, readOnly: (mode ?? '').split(',').includes('ro') };
  }
  return { source: volume.source, target: volume.target, readOnly: volume.read_only === true };
}

/** The host IP a ports entry publishes on ('' when it names none: every interface). */
function hostIp(port: NonNullable<Service['ports']>[number]): string {
  if (typeof port !== 'string') return port.host_ip ?? '';
  // [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]; an IPv6 host IP comes in brackets.
  const bracketed = /^\[([^\]]+)\]:/.exec(port);
  if (bracketed) return bracketed[1]!;
  const parts = port.split(':');
  return parts.length === 3 ? parts[0]! : '';
}

function prometheusMount(target: string) {
  const found = (services.prometheus?.volumes ?? []).map(mount).find((m) => m.target === target);
  if (!found) throw new Error(`the prometheus service mounts nothing at ${target}`);
  return found;
}

const prometheusConfigMount = prometheusMount('/etc/prometheus/prometheus.yml');
const prometheusConfigFile = join(projectRoot, prometheusConfigMount.source!);
const prometheusConfig = parse(readFileSync(prometheusConfigFile, 'utf8')) as {
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
};

describe('docker-compose.yml', () => {
  it('has the target, Toxiproxy, Prometheus and Alertmanager, with pinned images', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['tickstorm', 'toxiproxy', 'prometheus', 'alertmanager']),
    );
    expect(services.toxiproxy!.image).toBe(TOXIPROXY_IMAGE);
    expect(services.prometheus!.image).toBe(PROMETHEUS_IMAGE);
    expect(services.alertmanager!.image).toBe(ALERTMANAGER_IMAGE);
    // The docker provider builds the same tag, so compose and the provider share one image.
    expect(services.tickstorm!.image).toBe(TARGET_IMAGE);
  });

  it('builds the target from the Dockerfile at the repository root', () => {
    const build = services.tickstorm!.build;
    const context = typeof build === 'string' ? build : build?.context;
    expect(context).toBe('.');
    expect(existsSync(join(projectRoot, 'Dockerfile'))).toBe(true);
  });

  it('publishes every port on 127.0.0.1 only, and uses no host network', () => {
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ name, port, hostIp: hostIp(port) })),
    );
    expect(published.length).toBeGreaterThanOrEqual(6);
    expect(published.filter((p) => p.hostIp !== '127.0.0.1')).toEqual([]);
    for (const service of Object.values(services)) expect(service.network_mode).toBeUndefined();
  });

  it("publishes Toxiproxy's API and the drill's fixed proxy port", () => {
    expect(services.toxiproxy!.ports).toEqual(
      expect.arrayContaining(['127.0.0.1:8474:8474', `127.0.0.1:${PROXY_PORT}:${PROXY_PORT}`]),
    );
  });

  it('mounts rules/ into Prometheus read-only, and the config loads the corrected rule from it', () => {
    const rules = prometheusMount('/etc/prometheus/rules');
    expect(rules.source).toBe('./rules');
    expect(rules.readOnly).toBe(true);
    expect(prometheusConfigMount.readOnly).toBe(true);
    expect(prometheusConfig.rule_files).toEqual([
      '/etc/prometheus/rules/tickstorm-corrected.rules.yml',
    ]);
    for (const file of prometheusConfig.rule_files) {
      expect(file.startsWith(`${rules.target}/`)).toBe(true);
      expect(existsSync(join(projectRoot, 'rules', basename(file)))).toBe(true);
    }
    // The published rule is mounted too, one comment away (the config says how to switch).
    expect(readFileSync(prometheusConfigFile, 'utf8')).toContain(
      '# - /etc/prometheus/rules/tickstorm-published.rules.yml',
    );
  });

  it('has Prometheus scrape tickstorm:9090 and alert through alertmanager:9093', () => {
    const scraped = prometheusConfig.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((c) => c.targets),
    );
    expect(scraped).toContain('tickstorm:9090');
    expect(scraped).toContain('alertmanager:9093');
    const alertmanagers = prometheusConfig.alerting.alertmanagers.flatMap((a) =>
      a.static_configs.flatMap((c) => c.targets),
    );
    expect(alertmanagers).toEqual(['alertmanager:9093']);
    expect(services.prometheus!.command).toContain('--web.enable-lifecycle');
  });

  it("mounts Alertmanager's config from deploy/alertmanager read-only", () => {
    const config = (services.alertmanager!.volumes ?? [])
      .map(mount)
      .find((m) => m.target === '/etc/alertmanager/alertmanager.yml');
    expect(config?.readOnly).toBe(true);
    const parsed = parse(readFileSync(join(projectRoot, config!.source!), 'utf8')) as {
      route: { receiver: string };
      receivers: { name: string }[];
    };
    expect(parsed.receivers.map((r) => r.name)).toContain(parsed.route.receiver);
  });

  it('shows, commented out, how to build the published TickStorm, and why it is off', () => {
    const lines = composeText.split('\n');
    const start = lines.findIndex((l) => /^\s*#\s*tickstorm-published:/.test(l));
    expect(start).toBeGreaterThan(0);
    const why = lines.slice(Math.max(0, start - 10), start).join('\n');
    expect(why).toMatch(/Protobuf/);
    expect(why).toMatch(/never increments/);
    // Uncommented, the block is a service whose ports are on loopback too.
    const block = [];
    for (const line of lines.slice(start)) {
      const m = /^ {2}# ?(.*)$/.exec(line);
      if (!m) break;
      block.push(`  ${m[1]}`);
    }
    const published = parse(block.join('\n'))['tickstorm-published'] as Service;
    expect(published.build).toBeDefined();
    expect((published.ports ?? []).map(hostIp)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  it('passes `promtool check config` with the rule files pointed at rules/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-prometheus-'));
    const copy = {
      ...prometheusConfig,
      rule_files: prometheusConfig.rule_files.map((f) => join(projectRoot, 'rules', basename(f))),
    };
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, stringify(copy));
    const { stdout, stderr } = await run('promtool', ['check', 'config', file], {
      timeout: 30_000,
    });
    const output = `${stdout}${stderr}`;
    expect(output).toMatch(/SUCCESS: .*is valid prometheus config file syntax/);
    expect(output).toMatch(/tickstorm-corrected\.rules\.yml\s+SUCCESS: 1 rules found/);
  });
});
