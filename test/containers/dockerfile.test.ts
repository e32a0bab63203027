// The reference target's Dockerfile, checked statically (no engine may be here to build
// it): a Debian-slim base of the Node the tests run on (which package.json's engines
// allows), production dependencies from the lockfile, the files the CLI runs from, a
// non-root user, the published ports, a health check without curl, and an entrypoint
// whose listener faces the container's network on purpose.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { TARGET_PORTS } from '../../src/stack/containers/images.js';

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions in order: comments dropped, `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw) || (!raw.trim() && !pending)) continue;
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line.trim()}`);
    pending = '';
  }
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
  });
}

const dockerfile = instructions(readFileSync(join(projectRoot, 'Dockerfile'), 'utf8'));
const readJson = (path: string) => JSON.parse(readFileSync(join(projectRoot, path), 'utf8'));
const nodeVersions = readJson('scripts/node-versions.json') as { lts: string };
const packageJson = readJson('package.json') as { engines: { node: string } };
const all = (keyword: string) => dockerfile.filter((i) => i.keyword === keyword);
const indexOf = (keyword: string) => dockerfile.findIndex((i) => i.keyword === keyword);

describe('Dockerfile', () => {
  it("starts from a Debian-slim Node of setup's LTS line, which the engines field allows", () => {
    const from = all('FROM');
    expect(from).toHaveLength(1);
    // `FROM ${BASE_IMAGE}` reads the ARG's default, overridable with --build-arg.
    const image = from[0]!.args.replace(/^\$\{(\w+)\}$/, (_, name: string) => {
      const arg = all('ARG').find((i) => i.args.startsWith(`${name}=`));
      return arg ? arg.args.slice(name.length + 1) : `\${${name}}`;
    });
    const match = /^node:(\d+(?:\.\d+){0,2})-(bookworm|bullseye|trixie)-slim$/.exec(image);
    expect(match, `FROM ${image}`).not.toBeNull();
    // The tests run on setup's LTS; the container runs what they tested (a tag may name
    // only the line or the minor).
    const tag = match![1]!;
    expect(`${nodeVersions.lts}.`.startsWith(`${tag}.`), `${tag} vs ${nodeVersions.lts}`).toBe(
      true,
    );
    const [major, minor] = tag.split('.').map(Number) as [number, number | undefined];
    const engines = /^>=\s*(\d+)\.(\d+)$/.exec(packageJson.engines.node);
    expect(engines, packageJson.engines.node).not.toBeNull();
    const [needMajor, needMinor] = [Number(engines![1]), Number(engines![2])];
    expect(major > needMajor || (major === needMajor && (minor ?? 0) >= needMinor)).toBe(true);
  });

  it('installs production dependencies from the lockfile, after copying only the manifests', () => {
    const install = dockerfile.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(install).toBeGreaterThan(0);
    expect(dockerfile[install]!.args).toMatch(/--omit=dev/);
    const before = dockerfile.slice(0, install).filter((i) => i.keyword === 'COPY');
    expect(before.map((i) => i.args)).toEqual(['package.json package-lock.json ./']);
  });

  it('copies what the CLI runs from: bin, src, rules, scenarios and tsconfig.json', () => {
    const sources = all('COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const wanted of ['bin/', 'src/', 'rules/', 'scenarios/', 'tsconfig.json'])
      expect(sources).toContain(wanted);
  });

  it('runs as a user that is not root, from before the entrypoint', () => {
    const users = all('USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users.at(-1)!.args.split(':')[0]!;
    expect(['root', '0']).not.toContain(last);
    expect(dockerfile.lastIndexOf(users.at(-1)!)).toBeLessThan(indexOf('ENTRYPOINT'));
  });

  it("exposes the published server's stream, metrics and health ports", () => {
    const exposed = all('EXPOSE').flatMap((i) => i.args.split(/\s+/).map(Number));
    expect(exposed.sort()).toEqual(
      [TARGET_PORTS.stream, TARGET_PORTS.metrics, TARGET_PORTS.health].sort(),
    );
  });

  it('checks /health with node (slim images have no curl)', () => {
    const health = all('HEALTHCHECK');
    expect(health).toHaveLength(1);
    const command = JSON.parse(health[0]!.args.replace(/^.*?\bCMD\s+/, '')) as string[];
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toMatch(/\/health\b/);
    expect(command.join(' ')).not.toMatch(/\bcurl\b|\bwget\b/);
  });

  it('enters `chaos target` on 0.0.0.0 with --listen-any, in exec form', () => {
    const entrypoint = all('ENTRYPOINT');
    expect(entrypoint).toHaveLength(1);
    // Exec form, so the target is PID 1 and gets SIGTERM from `docker stop` itself.
    const argv = JSON.parse(entrypoint[0]!.args) as string[];
    expect(argv.slice(0, 3)).toEqual(['node', 'bin/chaos.js', 'target']);
    expect(argv[argv.indexOf('--host') + 1]).toBe('0.0.0.0');
    expect(argv).toContain('--listen-any');
    // No port flags: the published variables (LISTEN_PORT, ...) and defaults still apply.
    expect(argv.filter((a) => /^--(port|metrics-port|health-port)$/.test(a))).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, tools, reports, builds, history and tests out of the context', () => {
    const ignored = readFileSync(join(projectRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const wanted of ['node_modules', '.tools', 'reports', 'dist', '.git', 'test'])
      expect(ignored).toContain(wanted);
  });
});
