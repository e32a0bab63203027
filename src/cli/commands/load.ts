// `chaos load`: runs a load profile standalone against one address, with live
// progress and a final summary. `--ready-json` is for a program that starts it as a
// child: one JSON line when /metrics is up, one JSON summary line at the end. (Drills
// run the load in their own process, through the same startLoad.)

import type { Argv, CommandModule } from 'yargs';
import { credentialsFromEnv } from '../../load/profile/credentials-env.js';
import { ProfileError } from '../../load/profile/profile-errors.js';
import { loadProfileFile, readProfileFile } from '../../load/profile/profile-file.js';
import { normalizeProfile } from '../../load/profile/profile.js';
import type { LoadProfile } from '../../load/profile/profile-types.js';
import {
  DEFAULT_SOURCE_ADDRESSES,
  sourceAddressesFor,
} from '../../load/session/local-addresses.js';
import { type RunningLoad, startLoad } from '../../load/start-load.js';
import type { LoadSummary } from '../../load/metrics/progress.js';
import { judgeThresholds, parseThresholds, withDefaults } from '../../load/metrics/thresholds.js';
import { isLoopbackHost, parseListenAddress, parsePort } from '../../tickstorm/listen-address.js';
import { ExitCode } from '../exit-codes.js';
import { plainNumber } from '../plain-number.js';
import { UsageError } from '../usage-error.js';
import { SHAPE_FIELDS, flagOfField, nameFlagInProblem, profileFromFlags } from './load-flags.js';
import { announce, printSummary, progressPrinter } from './load-output.js';

interface LoadArgs {
  address?: string;
  profile?: string;
  'metrics-port'?: string;
  workers?: string;
  'source-addresses'?: string;
  'ready-json'?: boolean;
  'allow-remote'?: string;
  'progress-every'?: string;
  [flag: string]: unknown;
}

const inlineHelp: Record<string, string> = {
  vus: 'closed model: VUs each holding one session at a time (with --duration)',
  duration: 'how long the scenario runs, e.g. 30s, 5m',
  stages:
    'ramp: duration:target pairs, e.g. "30s:100,2m:100,30s:0" (VUs, or arrivals with --start-rate)',
  rate: 'open model: new sessions per --time-unit (with --duration)',
  'start-rate': 'open model: starting rate for --stages',
  'time-unit': 'period of --rate (default 1s)',
  'pre-allocated-vus': 'open model: k6 preAllocatedVUs (also the default cap)',
  'max-vus': 'open model: at most this many sessions at once; arrivals past it are skipped',
  arrivals: 'open model: even (k6) or poisson spacing',
  'graceful-stop':
    'after the scenario, how long sessions may run on to their lifetime (default 30s)',
  lifetime: 'session lifetime: 30s, 10s..1m (uniform) or exp:30s[..5m] (exponential)',
  'heartbeat-interval': 'HEARTBEAT interval, or off (default 15s)',
  'pong-timeout': 'PONG deadline after each HEARTBEAT (default 5s)',
  'server-heartbeat-interval':
    "the interval the server expects (TickStorm's HEARTBEAT_INTERVAL_MS, 15s by default): no HEARTBEAT goes sooner than half of it after the AUTH ACK or the one before, which the published server logs as flooding (default: not paced)",
  'connect-timeout': 'TCP connect deadline (default 5s)',
  'handshake-timeout': 'deadline for each ACK of AUTH and SUBSCRIBE (default 10s)',
  'data-stall-after': 'no DATA_BATCH for this many mode cadences is a data_stall (default 5)',
  user: 'AUTH username (default: STREAM_USER or AUTH_USERNAME from the environment)',
  password:
    'AUTH password (default: STREAM_PASS or AUTH_PASSWORD from the environment, which keeps it out of the process list)',
  'client-id': 'AUTH client_id prefix',
  symbols: 'comma-separated symbols to SUBSCRIBE to (default: the server’s)',
  mode: 'SECOND or MINUTE (default SECOND)',
  reconnect: 'after a drop: off, on, or a backoff range like 250ms..10s',
  seed: 'seed for lifetimes, jitter and poisson arrivals (default 1)',
};

export const loadCommand: CommandModule<object, LoadArgs> = {
  command: 'load',
  describe: 'Run virtual TickStorm clients against an address, with client-side metrics',
  builder: (yargs): Argv<LoadArgs> => {
    let built = yargs
      .option('address', {
        type: 'string',
        describe: 'target or Toxiproxy listener, host:port',
        requiresArg: true,
      })
      .option('profile', {
        type: 'string',
        describe: 'profile file (JSON or YAML, k6-style)',
        requiresArg: true,
      })
      .option('metrics-port', {
        type: 'string',
        describe: '/metrics port on 127.0.0.1 (default 0: a free one)',
        requiresArg: true,
      })
      .option('workers', {
        type: 'string',
        describe: 'worker processes (default 0: run in this process)',
        requiresArg: true,
      })
      .option('ready-json', {
        type: 'boolean',
        describe:
          'stdout: one JSON ready line, then one JSON summary line; progress goes to stderr',
      })
      .option('allow-remote', {
        type: 'string',
        describe: 'permit this non-loopback host as --address',
        requiresArg: true,
      })
      .option('source-addresses', {
        type: 'string',
        describe:
          'spread connections to a 127.x target over this many source addresses 127.0.0.2… (default 128; 0: the kernel picks)',
        requiresArg: true,
      })
      .option('threshold', {
        type: 'string',
        array: true,
        describe:
          'pass/fail criterion metric:expression, repeatable: session_drop_rate:rate<0.01, session_streamed_rate:rate>0.9, handshake_seconds:p(95)<0.5 (defaults, each unless given: session_drop_rate:rate<0.5, session_streamed_rate:rate>0.5); a crossed one exits 99',
        requiresArg: true,
      })
      .option('progress-every', {
        type: 'string',
        describe: 'seconds between progress lines when not on a terminal (default 5)',
        requiresArg: true,
      });
    for (const [flag, help] of Object.entries(inlineHelp)) {
      built = built.option(flag, {
        type: 'string',
        describe: help,
        requiresArg: true,
        group: 'Inline profile:',
      });
    }
    return built
      .example(
        '$0 load --address 127.0.0.1:8080 --vus 100 --duration 1m --lifetime 10s..30s',
        'closed model',
      )
      .example(
        '$0 load --address 127.0.0.1:8080 --rate 50 --duration 5m --lifetime 20s',
        'open model',
      )
      .example(
        '$0 load --address 127.0.0.1:8080 --profile profiles/soak.yaml --metrics-port 9465',
        'from a file',
      );
  },
  handler: async (args) => {
    const address = parseAddress(args);
    const profile = await resolveProfile(args);
    const metricsPort = args['metrics-port'] === undefined ? 0 : parsePort(args['metrics-port']);
    if (metricsPort === null)
      throw new UsageError(
        `--metrics-port: expected a port 0..65535, got ${JSON.stringify(args['metrics-port'])}`,
      );
    const thresholds = withDefaults(profile.thresholds);
    const workers = wholeNumber(args, 'workers', 0);
    const sources = wholeNumber(args, 'source-addresses', DEFAULT_SOURCE_ADDRESSES);
    const readyJson = args['ready-json'] === true;
    const every = plainNumber(String(args['progress-every'] ?? 5), false) ?? NaN;
    if (!(every > 0))
      throw new UsageError(
        `--progress-every: expected seconds above 0, got ${JSON.stringify(args['progress-every'])}`,
      );

    const progressLine = progressPrinter(readyJson, every * 1_000);
    let load: RunningLoad;
    try {
      load = await startLoad({
        address,
        profile,
        metricsPort,
        workers,
        sourceAddresses: sourceAddressesFor(address.host, sources),
        onProgress: progressLine.print,
      });
    } catch (error) {
      console.error(`chaos load: could not start: ${(error as Error).message}`);
      process.exit(ExitCode.InfrastructureError);
    }
    if (load.nofile.problem)
      console.error(
        `chaos load: ${load.nofile.problem} (sessions are bounded by ${load.nofile.soft} descriptors)`,
      );
    announce(load, profile, address, readyJson);

    const signal = untilSignal();
    const ended = await Promise.race([
      load.done.then(
        () => 'done' as const,
        (error: Error) => error,
      ),
      signal.promise,
    ]);
    signal.dispose();
    let summary: LoadSummary;
    try {
      summary = await load.stop();
    } catch (error) {
      progressLine.clear();
      console.error(`chaos load: could not stop cleanly: ${(error as Error).message}`);
      process.exit(ExitCode.InfrastructureError);
    }
    if (ended instanceof Error) {
      progressLine.clear();
      console.error(`chaos load: a worker failed: ${ended.message}`);
      printSummary(summary, judgeThresholds(thresholds, summary), readyJson);
      process.exit(ExitCode.InfrastructureError);
    }
    progressLine.clear();
    const judged = judgeThresholds(thresholds, summary);
    printSummary(summary, judged, readyJson);
    if (ended !== 'done') process.exit(ExitCode.Interrupted);
    process.exit(judged.every((r) => r.held) ? ExitCode.Passed : ExitCode.ThresholdsCrossed);
  },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function wholeNumber(args: LoadArgs, flag: string, fallback: number): number {
  const text = args[flag];
  if (text === undefined) return fallback;
  const value = plainNumber(String(text), true);
  if (value === null || value < 0) {
    throw new UsageError(`--${flag}: expected a whole number ≥ 0, got ${JSON.stringify(text)}`);
  }
  return value;
}

function parseAddress(args: LoadArgs): { host: string; port: number } {
  if (args.address === undefined)
    throw new UsageError('--address is required: the target or Toxiproxy listener as host:port');
  const parsed = parseListenAddress(args.address);
  if (!parsed || parsed.host === '' || parsed.port === 0) {
    throw new UsageError(
      `--address: expected host:port such as 127.0.0.1:8080, got ${JSON.stringify(args.address)}`,
    );
  }
  if (!isLoopbackHost(parsed.host) && parsed.host !== args['allow-remote']) {
    throw new UsageError(
      `--address ${args.address} is outside loopback (127.0.0.0/8, ::1); pass --allow-remote ${parsed.host} to load it on purpose`,
    );
  }
  return parsed;
}

/** --profile file, inline flags, or a file with session flags (credentials, seed, …) laid over it. */
async function resolveProfile(args: LoadArgs): Promise<LoadProfile> {
  const profile = await profileFromArgs(args);
  // Credentials from the environment fill in where neither the flags nor the file set them.
  const fromEnv = credentialsFromEnv(process.env);
  if (!fromEnv) return profile;
  for (const scenario of profile.scenarios) {
    const credentials = scenario.session.credentials;
    if (credentials.username === '' && credentials.password === '')
      scenario.session.credentials = fromEnv;
  }
  return profile;
}

async function profileFromArgs(args: LoadArgs): Promise<LoadProfile> {
  const flags = profileFromFlags(args);
  try {
    if (args.profile === undefined) {
      if (Object.keys(flags).length === 0) {
        throw new UsageError(
          'give a profile: --profile <file>, or inline flags such as --vus 10 --duration 1m',
        );
      }
      return normalizeProfile(flags, 'flags');
    }
    const shape = SHAPE_FIELDS.filter((field) => field in flags);
    if (shape.length > 0) {
      throw new UsageError(
        `${flagOfField[shape[0]!]} cannot be combined with --profile: the file defines the scenario; drop one`,
      );
    }
    if (Object.keys(flags).length === 0) return await loadProfileFile(args.profile);
    const fromFile = (await readProfileFile(args.profile)) as Record<string, unknown>;
    // The file's own thresholds are checked before a --threshold replaces any of them, so
    // a mistake in the file is never hidden by the flag.
    const fileProblems: string[] = [];
    if (isPlainObject(fromFile)) parseThresholds(fromFile.thresholds, fileProblems);
    if (fileProblems.length > 0) throw new ProfileError(args.profile, fileProblems);
    const merged = { ...fromFile, ...flags };
    // A --threshold replaces the file's expressions for its metric and keeps the others.
    if (flags.thresholds !== undefined && isPlainObject(fromFile.thresholds))
      merged.thresholds = { ...fromFile.thresholds, ...(flags.thresholds as object) };
    return normalizeProfile(merged, `${args.profile} (with flags)`);
  } catch (error) {
    if (error instanceof ProfileError) {
      const problems =
        error.source === 'flags' ? error.problems.map(nameFlagInProblem) : error.problems;
      throw new UsageError(problems.map((problem) => `${error.source}: ${problem}`));
    }
    throw error;
  }
}

function untilSignal(): { promise: Promise<NodeJS.Signals>; dispose(): void } {
  let stop: (signal: NodeJS.Signals) => void = () => {};
  const promise = new Promise<NodeJS.Signals>((resolve) => (stop = resolve));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    promise,
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
