// `npm run setup -- --containers`: a container engine and the images the docker provider
// and docker-compose.yml use. Where an engine already answers (a user's Docker), nothing
// is started; where a registry answers, the real images are pulled. Where neither does
// and this user is root, it starts a dockerd of the project's own (no firewall changes:
// --iptables=false; overlay2 storage, else vfs; socket and data under .tools/docker) and builds local
// stand-ins, tagged with the same names and versions, from a debootstrapped Debian and
// the binaries this machine already has, so the provider's own code path is what runs.
// `node scripts/containers/stop-dockerd.mjs` stops that dockerd again, by its recorded identity.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ltsNodeDir } from '../setup-node.mjs';

/** The images the provider and compose name (src/stack/containers/images.ts holds the same). */
const IMAGES = {
  toxiproxy: 'ghcr.io/shopify/toxiproxy:2.12.0',
  prometheus: 'prom/prometheus:v2.42.0',
  alertmanager: 'prom/alertmanager:v0.25.0',
  target: 'tickstorm-chaos/reference-target:local',
};
const BASE = 'tickstorm-chaos/debian-base:bookworm';
/** Debian's Alertmanager templates (default.tmpl, email.tmpl), which its binary reads at start. */
const ALERTMANAGER_TEMPLATES = '/usr/share/prometheus/alertmanager';
/** The label a stand-in carries: a hash of the recipe it was built from. */
const RECIPE_LABEL = 'org.tickstorm-chaos.stand-in-recipe';

export function dockerDir(root) {
  return join(root, '.tools', 'docker');
}

/** The project's own engine socket, when setup started one. */
export function projectSocket(root) {
  return join(dockerDir(root), 'docker.sock');
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

function engineAnswers(env) {
  const r = run('docker', ['info', '--format', '{{.ServerVersion}}'], { env, timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

function hasImage(env, image) {
  return run('docker', ['image', 'inspect', image], { env, timeout: 30_000 }).status === 0;
}

/** The Node base image our Dockerfile starts from (its BASE_IMAGE default). */
function nodeBaseImage(root) {
  const match = /^ARG BASE_IMAGE=(\S+)/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  return match ? match[1] : null;
}

/**
 * The Node binary and npm a stand-in of the base `image` gets: setup's current LTS in
 * .tools/node when present, else this machine's own. Refused when the binary is not the
 * version the tag names, so the stand-in never says node:26 and holds another Node.
 */
function standInNode(root, image) {
  const tools = ltsNodeDir(root);
  const [node, npm] = existsSync(join(tools, 'bin', 'node'))
    ? [join(tools, 'bin', 'node'), join(tools, 'node_modules', 'npm')]
    : [process.execPath, join(run('npm', ['root', '-g']).stdout.trim(), 'npm')];
  const wanted = /^node:(\d+(?:\.\d+)*)-/.exec(image)?.[1];
  const version = run(node, ['--version']).stdout.trim().replace(/^v/, '');
  if (wanted && version !== wanted && !version.startsWith(`${wanted}.`)) {
    throw new Error(
      `the Dockerfile's base image ${image} is Node ${wanted}, but ${node} is v${version}; run \`npm run setup\` (it installs the current LTS into .tools/node) and retry`,
    );
  }
  return { node, npm };
}

function identityOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .replace(/\0$/, '')
      .replaceAll('\0', ' ');
    return { pid, startTime, command };
  } catch {
    return null;
  }
}

/**
 * overlay2 first: each container is then a thin layer over its image, where vfs copies
 * the whole image for every container (a drill makes five; a concurrent run of four
 * drills copied gigabytes while other drills measured). dockerd refuses overlay2 at
 * start where the kernel or the data folder's filesystem cannot do it; vfs works anywhere.
 */
const STORAGE_DRIVERS = ['overlay2', 'vfs'];

async function startDockerd(root, say) {
  for (const driver of STORAGE_DRIVERS) {
    const env = await startDockerdWith(root, driver, say);
    if (env) return env;
    say(
      `dockerd did not start with the ${driver} storage driver (see ${join(dockerDir(root), 'dockerd.log')})`,
    );
  }
  return null;
}

async function startDockerdWith(root, driver, say) {
  const dir = dockerDir(root);
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'exec'), { recursive: true });
  const socket = projectSocket(root);
  const args = [
    '--iptables=false',
    `--storage-driver=${driver}`,
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'exec')}`,
    `--host=unix://${socket}`,
    `--pidfile=${join(dir, 'dockerd.pid')}`,
  ];
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  const env = { ...process.env, DOCKER_HOST: `unix://${socket}` };
  for (let i = 0; i < 60; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const version = engineAnswers(env);
    if (version) {
      // Recorded with its start time and command line: --stop-containers ends this very
      // process and nothing else, even if the pid is reused later.
      writeFileSync(join(dir, 'dockerd.json'), JSON.stringify(identityOf(child.pid)));
      say(`started dockerd ${version} (pid ${child.pid}, ${driver} storage) at ${socket}`);
      return env;
    }
    if (child.exitCode !== null) break;
  }
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    // It had already exited.
  }
  // Never two dockerds on one socket: the next driver waits until this one has gone.
  for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  // A refused start can leave its mounts under the folder; the next attempt needs it clean.
  unmountLeftovers(dir);
  return null;
}

export function stopProjectDockerd(root) {
  const file = join(dockerDir(root), 'dockerd.json');
  if (!existsSync(file)) return 'no dockerd of the project is recorded';
  const recorded = JSON.parse(readFileSync(file, 'utf8'));
  const live = recorded && identityOf(recorded.pid);
  rmSync(file, { force: true });
  if (!live || live.startTime !== recorded.startTime || live.command !== recorded.command)
    return `the recorded dockerd (pid ${recorded?.pid}) had already exited`;
  process.kill(recorded.pid, 'SIGTERM');
  let how = null;
  for (let i = 0; i < 100 && !how; i++) {
    if (!identityOf(recorded.pid)) how = `stopped dockerd (pid ${recorded.pid})`;
    else spawnSync('sleep', ['0.1']);
  }
  if (!how) {
    process.kill(recorded.pid, 'SIGKILL');
    how = `killed dockerd (pid ${recorded.pid}) after 10 s`;
  }
  return how + unmountLeftovers(dockerDir(root));
}

/** dockerd leaves its default namespace's bind mount under its exec root: ours, so undone. */
function unmountLeftovers(dir) {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((point) => point && point.startsWith(`${dir}/`))
    .reverse();
  for (const point of mounts) run('umount', [point]);
  return mounts.length > 0 ? `; unmounted ${mounts.length} mount(s) it left under ${dir}` : '';
}

/** `labels`: set on the image, such as a stand-in's recipe. */
function build(env, image, dockerfile, context, say, labels = {}) {
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  const r = run(
    'docker',
    ['build', '--network=host', '-q', ...labelArgs, '-t', image, '-f', dockerfile, context],
    { env: { ...env, DOCKER_BUILDKIT: '0' }, timeout: 20 * 60_000 },
  );
  if (r.status !== 0)
    throw new Error(
      `docker build of ${image} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`,
    );
  say(`built ${image}`);
}

function which(cmd) {
  const r = run('sh', ['-c', `command -v ${cmd}`]);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** A context folder holding `files` (source path → name in the context). */
/** Where the binary's dynamic linker finds each of `names` on this machine (those it links). */
function linkedLibraries(binary, names) {
  const r = run('ldd', [binary]);
  return (r.stdout ?? '')
    .split('\n')
    .map((line) => /^\s*(\S+) => (\/\S+)/.exec(line))
    .filter((m) => m && names.includes(m[1]))
    .map((m) => realpathSync(m[2]));
}

function context(files) {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-image-'));
  for (const [source, name] of Object.entries(files)) {
    if (name.endsWith('/')) cpSync(source, join(dir, name.slice(0, -1)), { recursive: true });
    else copyFileSync(source, join(dir, name));
  }
  return dir;
}

function baseImage(env, say) {
  if (hasImage(env, BASE)) return;
  if (!which('debootstrap') && !aptInstall('debootstrap', say))
    throw new Error('debootstrap is not installed, and `apt-get install debootstrap` failed');
  const rootfs = mkdtempSync(join(tmpdir(), 'chaos-rootfs-'));
  // It becomes the image's `/`: mkdtemp's 0700 would leave every unprivileged user of the
  // image (the target's `node`, Prometheus's `nobody`) unable to reach any file.
  chmodSync(rootfs, 0o755);
  try {
    say(`debootstrap --variant=minbase bookworm (about a minute)`);
    const r = run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, mirror()], {
      timeout: 15 * 60_000,
    });
    if (r.status !== 0)
      throw new Error(`debootstrap failed: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    const imported = spawnSync('sh', ['-c', `tar -C "${rootfs}" -c . | docker import - ${BASE}`], {
      env,
      encoding: 'utf8',
    });
    if (imported.status !== 0) throw new Error(`docker import failed: ${imported.stderr.trim()}`);
    say(`imported ${BASE}`);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

/** The Debian mirror this machine's apt uses. */
function mirror() {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const uri =
      /^URIs:\s*(\S+)/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/**
 * A compose for docker-compose.yml: the `docker compose` plugin when the CLI has it, else
 * Debian's docker-compose (1.29, the one bookworm packages; the v2 plugin is not packaged
 * there), installed with apt as root.
 */
function composeCommand(say) {
  if (run('docker', ['compose', 'version'], { timeout: 20_000 }).status === 0)
    return say('compose: the docker compose plugin');
  if (which('docker-compose')) return say(`compose: ${which('docker-compose')}`);
  if (process.getuid?.() !== 0)
    return say('compose: none installed (apt-get install docker-compose)');
  if (!aptInstall('docker-compose', say)) say('compose: apt-get install docker-compose failed');
}

/** Debian's package, as root; true when it installed. */
function aptInstall(pkg, say) {
  if (process.getuid?.() !== 0) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { env });
  if (r.status !== 0) {
    run('apt-get', ['update', '-qq'], { env });
    r = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { env });
  }
  if (r.status === 0) say(`installed ${pkg} (apt-get)`);
  return r.status === 0;
}

/**
 * The official image when a registry answers; otherwise the stand-in, built from
 * `dockerfile` with the context `makeContext` returns. A stand-in is labelled with a hash
 * of its recipe, so one built from an older recipe (a Dockerfile changed since) is built
 * again rather than kept because its name is present.
 */
function ensureImage(env, image, dockerfile, makeContext, say) {
  const recipe = createHash('sha256').update(readFileSync(dockerfile)).digest('hex').slice(0, 16);
  const present = imageFacts(env, image);
  if (present) {
    const built = present.labels[RECIPE_LABEL];
    if (built === recipe || (!built && !isOldStandIn(env, present)))
      return say(`${image}: present`);
    say(
      built
        ? `${image}: a stand-in from an older recipe (${basename(dockerfile)} changed since): building it again`
        : `${image}: a stand-in built before stand-ins carried their recipe: building it again`,
    );
  } else {
    const pulled = run('docker', ['pull', '-q', image], { env, timeout: 60_000 });
    if (pulled.status === 0) return say(`${image}: pulled from its registry`);
  }
  baseImage(env, say);
  build(env, image, dockerfile, makeContext(), say, { [RECIPE_LABEL]: recipe });
}

/** An image's labels and parent (a local build has one; a pulled image has none), or null. */
function imageFacts(env, image) {
  const format = '{{json .Config.Labels}}\t{{.Parent}}';
  const r = run('docker', ['image', 'inspect', '--format', format, image], {
    env,
    timeout: 30_000,
  });
  if (r.status !== 0) return null;
  const [labels, parent] = r.stdout.trim().split('\t');
  return { labels: JSON.parse(labels || 'null') ?? {}, parent: parent ?? '' };
}

/** A stand-in built before stand-ins were labelled: built locally on top of our Debian base. */
function isOldStandIn(env, facts) {
  const base = run('docker', ['image', 'inspect', '--format', '{{.Id}}', BASE], { env });
  if (base.status !== 0) return false;
  let parent = facts.parent;
  for (let depth = 0; parent && depth < 30; depth++) {
    if (parent === base.stdout.trim()) return true;
    const up = run('docker', ['image', 'inspect', '--format', '{{.Parent}}', parent], { env });
    parent = up.status === 0 ? up.stdout.trim() : '';
  }
  return false;
}

export async function setupContainers(root, toolsBin, say) {
  let env = { ...process.env };
  const own = projectSocket(root);
  let version = engineAnswers(env);
  if (!version && existsSync(own)) {
    env = { ...env, DOCKER_HOST: `unix://${own}` };
    version = engineAnswers(env);
  }
  if (version) {
    say(
      `a container engine answers (server ${version}${env.DOCKER_HOST ? ` at ${env.DOCKER_HOST}` : ''})`,
    );
  } else {
    if (process.getuid?.() !== 0)
      throw new Error(
        'no container engine answers, and starting one needs root: install Docker, or rerun as root',
      );
    if (!which('dockerd') && !aptInstall('docker.io', say))
      throw new Error('dockerd is not installed, and `apt-get install docker.io` failed');
    env = await startDockerd(root, say);
    if (!env)
      throw new Error(
        `dockerd did not answer within 30 s; see ${join(dockerDir(root), 'dockerd.log')}`,
      );
  }
  composeCommand(say);
  const binary = (name) =>
    which(name) ??
    (() => {
      throw new Error(`${name} is not installed`);
    })();
  const recipe = (name) => join(root, 'scripts/containers', name);
  ensureImage(
    env,
    IMAGES.toxiproxy,
    recipe('toxiproxy.Dockerfile'),
    () => context({ [join(toolsBin, 'toxiproxy-server')]: 'toxiproxy-server' }),
    say,
  );
  ensureImage(
    env,
    IMAGES.prometheus,
    recipe('prometheus.Dockerfile'),
    () =>
      context({
        [binary('prometheus')]: 'prometheus',
        [binary('promtool')]: 'promtool',
        [join(root, 'deploy/prometheus/prometheus.yml')]: 'prometheus.yml',
      }),
    say,
  );
  ensureImage(
    env,
    IMAGES.alertmanager,
    recipe('alertmanager.Dockerfile'),
    () =>
      context({
        [binary('prometheus-alertmanager')]: 'alertmanager',
        [binary('amtool')]: 'amtool',
        [join(root, 'alerting/alertmanager.yml')]: 'alertmanager.yml',
        [ALERTMANAGER_TEMPLATES]: 'templates/',
      }),
    say,
  );
  const nodeBase = nodeBaseImage(root);
  if (nodeBase) {
    ensureImage(
      env,
      nodeBase,
      recipe('node.Dockerfile'),
      () => {
        const { node, npm } = standInNode(root, nodeBase);
        const cas = process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt';
        const dir = context({
          [node]: 'node',
          [npm]: 'npm-dist/',
          [cas]: 'ca-certificates.crt',
        });
        // Node 24 and later link libatomic, which a minbase Debian lacks (the official
        // images install libatomic1): this machine's copy, from the same Debian release.
        mkdirSync(join(dir, 'libs'));
        for (const lib of linkedLibraries(node, ['libatomic.so.1']))
          copyFileSync(lib, join(dir, 'libs', basename(lib).replace(/\.so\.1\..*$/, '.so.1')));
        return dir;
      },
      say,
    );
  }
  // The target's dependencies need the npm registry, which a container here reaches only
  // on the host's network: built once here, the provider's own build of the same
  // Dockerfile then finds every layer in the cache.
  build(env, IMAGES.target, join(root, 'Dockerfile'), root, say);
  return env.DOCKER_HOST ?? null;
}
