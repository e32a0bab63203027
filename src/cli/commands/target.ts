// `chaos target`: runs the reference TickStorm-compatible target in the foreground.
// Flags win over the published server's environment variables; each flag is fed to
// the same validation as its variable, so an error names the flag the user typed.

import type { CommandModule } from 'yargs';
import { TargetConfigError, targetConfigFromEnv } from '../../tickstorm/config.js';
import { formatHostPort } from '../../tickstorm/listen-address.js';
import {
  PUBLISHED_BEHAVIOURS,
  describePublishedBehaviours,
} from '../../tickstorm/published-behaviours.js';
import { type RunningTarget, startTarget } from '../../tickstorm/target.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

/** flag → the environment variable it stands for. */
const flagVariables = {
  listen: 'LISTEN_ADDR',
  host: 'LISTEN_HOST',
  port: 'LISTEN_PORT',
  'metrics-port': 'METRICS_PORT',
  'health-port': 'HEALTH_PORT',
  user: 'STREAM_USER',
  password: 'STREAM_PASS',
  symbols: 'TICK_SYMBOLS',
  'max-connections': 'MAX_CONNECTIONS',
  'heartbeat-timeout-ms': 'HEARTBEAT_TIMEOUT_MS',
  'memory-budget': 'GOMEMLIMIT',
  'instance-id': 'INSTANCE_ID',
  'as-published': 'AS_PUBLISHED',
} as const;

const flagHelp: Record<keyof typeof flagVariables, string> = {
  listen: 'stream listener host:port (LISTEN_ADDR; default :8080, an empty host means 127.0.0.1)',
  host: 'stream listener host (LISTEN_HOST); metrics and health bind it too',
  port: 'stream listener port, 0 for a free one (LISTEN_PORT)',
  'metrics-port': '/metrics port, 0 for a free one (METRICS_PORT; default 9090)',
  'health-port': '/health port, 0 for a free one (HEALTH_PORT; default 8081)',
  user: 'username AUTH must carry (STREAM_USER or AUTH_USERNAME; unset accepts any, or only empty ones --as-published)',
  password: 'password AUTH must carry (STREAM_PASS or AUTH_PASSWORD)',
  symbols: 'comma-separated default symbols (TICK_SYMBOLS)',
  'max-connections':
    'connection cap; the guard rejects from 90 % (MAX_CONNECTIONS; default 100000; ignored with published-settings)',
  'heartbeat-timeout-ms':
    'close after this long without HEARTBEAT (HEARTBEAT_TIMEOUT_MS, or CONNECTION_TIMEOUT unless published-settings)',
  'memory-budget': 'RSS budget in Go syntax such as 512MiB, or off (GOMEMLIMIT; default 1GiB)',
  'instance-id': 'instance_id label (INSTANCE_ID; default hostname-pid)',
  'as-published': `behave as the published server does (AS_PUBLISHED): all (the flag alone), none, or a comma list of ${Object.keys(PUBLISHED_BEHAVIOURS).join(', ')}; '-name' removes one, e.g. all,-silent-pool-queue`,
};

interface TargetArgs {
  'listen-any'?: boolean;
  'ready-json'?: boolean;
  [flag: string]: unknown;
}

export const targetCommand: CommandModule<object, TargetArgs> = {
  command: 'target',
  describe: 'Run the reference TickStorm-compatible target (stream, metrics, health)',
  builder: (yargs) => {
    let built = yargs;
    for (const [flag, help] of Object.entries(flagHelp)) {
      // --as-published alone means all of them.
      const requiresArg = flag !== 'as-published';
      built = built.option(flag, { type: 'string', describe: help, requiresArg });
    }
    return built
      .option('listen-any', {
        type: 'boolean',
        describe:
          'allow a host outside 127.0.0.0/8 and ::1 (exposes the target beyond this machine)',
      })
      .option('ready-json', {
        type: 'boolean',
        describe:
          'print one JSON line {"event":"ready",…} on stdout when listening, and nothing else there',
      })
      .epilog(
        'Every other variable of the published server (PROTOCOL.md) is read from the environment, ' +
          'plus AUTH_TIMEOUT_MS, CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL, GOGC (reported in /health), ' +
          'GUARD_SAMPLE_MS (how often the resource guard re-reads /proc, default 200), LISTEN_ANY and ' +
          'PUBLISHED_POOL_CPUS (NumCPU for silent-pool-queue; default the CPUs this process may use). ' +
          'The resource guard rejects new connections while open fds, RSS, the cgroup memory limit or ' +
          'connections are at 90 % of their limits. SIGHUP reopens the stream listener; with ' +
          'published-settings, CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL and MAX_CONNECTIONS are ignored ' +
          "(it says so once on stderr) and SIGHUP ends it at once, without shutdown, as Go's default does " +
          'for a server with no handler.\n\nHabits of --as-published:\n' +
          Object.entries(PUBLISHED_BEHAVIOURS)
            .map(([name, what]) => `  ${name}: ${what}`)
            .join('\n'),
      );
  },
  handler: async (args) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    const labels: Record<string, string> = {};
    for (const [flag, variable] of Object.entries(flagVariables)) {
      const value = args[flag];
      if (typeof value !== 'string') continue;
      env[variable] = flag === 'as-published' && value === '' ? 'all' : value;
      labels[variable] = `--${flag}`;
    }
    if (args['listen-any']) env.LISTEN_ANY = '1';
    let config;
    try {
      config = targetConfigFromEnv(env, labels);
    } catch (error) {
      if (error instanceof TargetConfigError) throw new UsageError(error.message);
      throw error;
    }

    const log = (line: string) => process.stderr.write(`chaos target: ${line}\n`);
    // Its output is a pipe to whoever started it. When that process dies (a crashed
    // `chaos`), the next log line must not take the server down: it stays up, as it
    // would under any supervisor, until rolled back.
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
      });
    }
    let target: RunningTarget;
    try {
      target = await startTarget({ ...config, log });
    } catch (error) {
      console.error(`chaos target: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(ExitCode.InfrastructureError);
    }
    announce(target, args['ready-json'] === true);
    // SIGHUP reopens the stream listener (new backlog settings) without ending sessions. The
    // published server has no handler: with none installed, SIGHUP kills this process as it
    // kills that one, without a shutdown.
    if (!config.asPublished.has('published-settings')) {
      process.on('SIGHUP', () => {
        target
          .reopenListener()
          .catch((error: Error) => log(`could not reopen the listener: ${error.message}`));
      });
    }
    await untilSignal();
    const bound = setTimeout(() => {
      log('shutdown took too long; exiting anyway');
      process.exit(ExitCode.Passed);
    }, config.shutdownGraceMs + 5000);
    await target.close();
    clearTimeout(bound);
    process.exit(ExitCode.Passed);
  },
};

function announce(target: RunningTarget, readyJson: boolean): void {
  const stream = formatHostPort(target.streamAddress);
  if (readyJson) {
    const ready = {
      event: 'ready',
      pid: process.pid,
      instanceId: target.instanceId,
      stream,
      metrics: target.metricsUrl,
      health: target.healthUrl,
    };
    process.stdout.write(`${JSON.stringify(ready)}\n`);
    return;
  }
  console.log(`TickStorm reference target ${target.instanceId} (pid ${process.pid})`);
  console.log(`  stream   ${stream}`);
  console.log(`  metrics  ${target.metricsUrl}`);
  console.log(`  health   ${target.healthUrl}`);
  if (target.config.asPublished.size > 0)
    console.log(`  as published: ${describePublishedBehaviours(target.config.asPublished)}`);
  console.log(
    target.config.asPublished.has('published-settings')
      ? 'Ctrl-C (SIGINT) or SIGTERM stops it; SIGHUP ends it at once, without shutdown, as it ends the published server.'
      : 'Ctrl-C (SIGINT) or SIGTERM stops it; SIGHUP reopens the stream listener.',
  );
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
