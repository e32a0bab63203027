#!/usr/bin/env node
// `npm run setup`: installs what this machine lacks for drills and tests, and says
// what it found. Idempotent: a second run installs nothing and says so. Plain JS so
// it runs before any npm dependency is present.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installNode, installedNode, linkLtsNode, nodeDir, nodeVersions } from './setup-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsBin = join(root, '.tools', 'bin');
const TOXIPROXY_VERSION = '2.12.0';
const TOXIPROXY_MODULE = 'github.com/Shopify/toxiproxy/v2';

const found = [];
const installed = [];
const missing = [];

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', cwd: root, ...opts });
}

function which(cmd) {
  const r = run('sh', ['-c', `command -v ${cmd}`]);
  return r.status === 0 ? r.stdout.trim() : null;
}

function step(name, fn) {
  process.stdout.write(`setup: ${name} ... `);
  const result = fn();
  console.log(result);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

// Node: the current LTS, which CI tests on, where this machine's is older; and the
// minimum that package.json's engines promises, which CI runs the unit tests on.
const nodes = nodeVersions();
const major = (version) => Number(version.split('.')[0]);
function ensureNode(version, isLts) {
  const dir = nodeDir(root, version);
  const where = `${dir}/bin`;
  if (installedNode(dir, version)) {
    if (isLts) linkLtsNode(root, dir);
    found.push(`Node ${version}: ${where}`);
    return `present at ${where}`;
  }
  const failure = installNode(dir, version, nodes.npm);
  if (failure) {
    missing.push(
      `Node ${version}: ${failure}; once npm reaches its registry, rerun \`npm run setup\``,
    );
    return 'FAILED';
  }
  if (isLts) linkLtsNode(root, dir);
  installed.push(`Node ${version} (npm registry) in ${where}`);
  return `installed in ${where}`;
}
step(`Node ${nodes.lts} (current LTS, .tools/node)`, () => {
  if (major(process.versions.node) >= major(nodes.lts)) {
    found.push(`Node: this machine's v${process.versions.node}`);
    return `not needed: this machine's Node is v${process.versions.node}`;
  }
  return ensureNode(nodes.lts, true);
});
step(`Node ${nodes.minimum} (minimum supported)`, () => ensureNode(nodes.minimum, false));

// npm dependencies: reinstall only when the lockfile changed since the last install.
step('npm dependencies', () => {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    found.push('npm dependencies');
    return 'present';
  }
  // With the Node the project runs on (the LTS just installed, where this machine's is
  // older), so the dependencies' engines are checked against it and not an unsupported one.
  const ltsBin = join(root, '.tools', 'node', 'bin');
  const env = existsSync(join(ltsBin, 'node'))
    ? { ...process.env, PATH: `${ltsBin}:${process.env.PATH ?? ''}` }
    : process.env;
  const r = run('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env });
  if (r.status !== 0) {
    missing.push('npm dependencies: `npm ci` failed; run it yourself to see why');
    return 'FAILED';
  }
  installed.push('npm dependencies (npm ci)');
  return 'installed';
});

// Debian packages: prometheus (gives promtool too); prometheus-alertmanager (and amtool); nftables for packet-loss drills;
// chromium for the browser tests of the HTML report and the live page.
const debianPackages = [
  { pkg: 'prometheus', commands: ['prometheus', 'promtool'], required: true },
  // Alertmanager 0.25 and amtool: the page each drill checks, and `chaos lint` on routes.
  {
    pkg: 'prometheus-alertmanager',
    commands: ['prometheus-alertmanager', 'amtool'],
    required: true,
  },
  { pkg: 'nftables', commands: ['nft'], required: false },
  { pkg: 'chromium', commands: ['chromium'], required: true },
];
let aptUpdated = false;
for (const { pkg, commands, required } of debianPackages) {
  step(`${pkg} (${commands.join(', ')})`, () => {
    const paths = commands.map(which);
    if (paths.every(Boolean)) {
      found.push(`${pkg}: ${paths.join(', ')}`);
      return `present at ${paths.join(', ')}`;
    }
    const hint = `${pkg}: install it with \`sudo apt-get install -y ${pkg}\` (or put ${commands.join(' and ')} on PATH)`;
    if (!isRoot || !which('apt-get')) {
      (required ? missing : found).push(
        required ? hint : `${pkg} not installed (optional): ${hint}`,
      );
      return required ? 'MISSING' : 'missing (optional)';
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) {
      run('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      aptUpdated = true;
    }
    const r = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0 || !commands.every(which)) {
      (required ? missing : found).push(hint);
      return 'FAILED';
    }
    installed.push(`${pkg} (apt-get)`);
    return 'installed';
  });
}

// Toxiproxy server and CLI, built from the published Go module at a pinned version.
function toxiproxyVersion(binary) {
  if (!existsSync(binary)) return null;
  const r = run(binary, ['-version']);
  return `${r.stdout}${r.stderr}`.trim();
}

for (const [pkgDir, name] of [
  ['server', 'toxiproxy-server'],
  ['cli', 'toxiproxy-cli'],
]) {
  step(`${name} ${TOXIPROXY_VERSION}`, () => {
    const target = join(toolsBin, name);
    const version = toxiproxyVersion(target);
    if (version && version.includes(TOXIPROXY_VERSION)) {
      found.push(`${name}: ${target}`);
      return `present at ${target}`;
    }
    if (!which('go')) {
      missing.push(
        `${name}: install Go (https://go.dev/dl) and rerun \`npm run setup\`, or put ${name} ${TOXIPROXY_VERSION} in .tools/bin`,
      );
      return 'MISSING (no go)';
    }
    mkdirSync(toolsBin, { recursive: true });
    const r = run(
      'go',
      [
        'install',
        '-ldflags',
        `-X ${TOXIPROXY_MODULE}.Version=${TOXIPROXY_VERSION}`,
        `${TOXIPROXY_MODULE}/cmd/${pkgDir}@v${TOXIPROXY_VERSION}`,
      ],
      {
        env: { ...process.env, GOBIN: toolsBin, GOFLAGS: '-buildvcs=false' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const built = join(toolsBin, pkgDir);
    if (r.status !== 0 || !existsSync(built)) {
      missing.push(
        `${name}: \`go install ${TOXIPROXY_MODULE}/cmd/${pkgDir}@v${TOXIPROXY_VERSION}\` failed; run it to see why`,
      );
      return 'FAILED';
    }
    renameSync(built, target);
    installed.push(`${name} ${TOXIPROXY_VERSION} (go install)`);
    return 'installed';
  });
}

// Containers, only when asked: an engine and the provider's images (scripts/containers/).
if (process.argv.includes('--containers')) {
  const { setupContainers } = await import('./containers/setup-containers.mjs');
  console.log('setup: containers ...');
  try {
    const socket = await setupContainers(root, toolsBin, (line) => console.log(`  ${line}`));
    installed.push(`container engine and images${socket ? ` (DOCKER_HOST=${socket})` : ''}`);
  } catch (error) {
    missing.push(`containers: ${error.message}`);
  }
}
console.log('');
if (installed.length === 0 && missing.length === 0) {
  console.log('setup: nothing to do; everything was already installed.');
} else if (installed.length > 0) {
  console.log(`setup: installed ${installed.join('; ')}.`);
}
for (const line of missing) console.log(`setup: TO DO: ${line}`);
process.exit(missing.length > 0 ? 1 : 0);
