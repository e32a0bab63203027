// Is each part of the local stack installed here? `chaos doctor` prints these, with the
// command that fixes what is missing.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';
import { findBinary } from './find-binary.js';

export interface Check {
  name: string;
  ok: boolean;
  /** What was found, or why it is not usable. */
  detail: string;
  /** One line saying what to do, when not ok. */
  fix?: string;
  /** False for parts only some drills need. */
  required: boolean;
}

function versionOf(binary: string, args: string[]): string {
  const r = spawnSync(binary, args, { encoding: 'utf8', timeout: 5000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')[0]!.trim();
}

/** The oldest Node that package.json's engines field (`>=MAJOR.MINOR`) allows. */
function enginesMinimum(): [number, number] {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
  };
  const match = /^>=\s*(\d+)\.(\d+)/.exec(pkg.engines?.node ?? '');
  if (!match) throw new Error(`package.json: engines.node is not ">=MAJOR.MINOR"`);
  return [Number(match[1]), Number(match[2])];
}

export function nodeCheck(version = process.versions.node): Check {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  const [needMajor, needMinor] = enginesMinimum();
  return {
    name: 'node',
    ok: major > needMajor || (major === needMajor && minor >= needMinor),
    detail: `Node.js ${version}`,
    fix: `install Node.js ${needMajor}.${needMinor} or newer (\`npm run setup\` puts the current LTS in .tools/node/bin)`,
    required: true,
  };
}

export function checkStackParts(env: NodeJS.ProcessEnv = process.env): Check[] {
  const checks: Check[] = [nodeCheck()];
  for (const [name, args, fix] of [
    ['prometheus', ['--version'], 'sudo apt-get install prometheus (or `npm run setup` as root)'],
    ['promtool', ['--version'], 'sudo apt-get install prometheus (it ships promtool)'],
    [
      'toxiproxy-server',
      ['-version'],
      'npm run setup (builds Toxiproxy 2.12.0 into .tools/bin with go install)',
    ],
    ['toxiproxy-cli', ['-version'], 'npm run setup'],
  ] as const) {
    const binary = findBinary(name, env);
    checks.push(
      binary
        ? {
            name,
            ok: true,
            detail: `${binary}: ${versionOf(binary, [...args])}`,
            required: name !== 'toxiproxy-cli',
          }
        : {
            name,
            ok: false,
            detail: 'not found in .tools/bin or on PATH',
            fix,
            required: name !== 'toxiproxy-cli',
          },
    );
  }
  // Debian names the server prometheus-alertmanager; upstream builds call it alertmanager.
  const alertmanagerFix =
    'sudo apt-get install prometheus-alertmanager (or `npm run setup` as root): the page each drill checks';
  for (const [name, binary] of [
    ['alertmanager', findBinary('prometheus-alertmanager', env) ?? findBinary('alertmanager', env)],
    ['amtool', findBinary('amtool', env)],
  ] as const) {
    checks.push(
      binary
        ? {
            name,
            ok: true,
            detail: `${binary}: ${versionOf(binary, ['--version'])}`,
            required: true,
          }
        : {
            name,
            ok: false,
            detail: 'not found in .tools/bin or on PATH',
            fix: alertmanagerFix,
            required: true,
          },
    );
  }
  return checks;
}
