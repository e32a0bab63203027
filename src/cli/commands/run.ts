// `chaos run <scenario...> | --all`: plan every drill (exit 2 before anything starts on
// bad input), run them, roll back on SIGINT/SIGTERM, exit with the named code.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../engine/exit-code.js';
import { EventHub } from '../../engine/events.js';
import { runDrills } from '../../engine/run-drills.js';
import type { StackChoice } from '../../engine/start-drill-stack.js';
import { consoleReporter } from '../../report/console-reporter.js';
import { PlanningError, planScenarios } from '../../scenario/plan-scenarios.js';
import { timeProfile } from '../../scenario/time-profile.js';
import { assertAllowedTarget, parseHostPort } from '../remote-target.js';
import { UsageError } from '../usage-error.js';

interface RunArgs {
  scenario: string[];
  all: boolean;
  profile?: string;
  timeScale?: number;
  rules?: string;
  target?: string;
  targetMetrics?: string;
  allowRemote: string[];
  reportDir?: string;
  seed?: number;
  json: boolean;
  plain: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [scenario..]',
  describe:
    'Run drills: start the stack, inject the fault, check the alert, the remediation and the verification, roll back',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', {
        type: 'string',
        array: true,
        default: [],
        describe: 'scenario names (see `chaos list`) or paths to .ts files',
      })
      .option('all', {
        type: 'boolean',
        default: false,
        describe: 'run every scenario in scenarios/',
      })
      .option('profile', {
        type: 'string',
        choices: ['ci', 'gameday'],
        describe: 'time scale: ci = 0.1 (default), gameday = 1.0 (real runbook time)',
      })
      .option('time-scale', {
        type: 'number',
        describe: 'an explicit time scale factor, e.g. 0.2 (overrides --profile)',
      })
      .option('rules', {
        type: 'string',
        describe:
          "rules file to load instead of the scenario's (e.g. rules/tickstorm-published.rules.yml)",
      })
      .option('target', {
        type: 'string',
        describe: 'attack an external TickStorm at host:port instead of the reference target',
      })
      .option('target-metrics', {
        type: 'string',
        describe: "the external target's metrics URL (required with --target)",
      })
      .option('allow-remote', {
        type: 'string',
        array: true,
        default: [],
        describe: 'allow a --target host outside loopback, by name',
      })
      .option('report-dir', {
        type: 'string',
        describe: 'parent folder of run folders (default: reports/)',
      })
      .option('seed', {
        type: 'number',
        describe: "seed for the load schedule (default: the scenario's)",
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print the run result (journal) as JSON on stdout',
      })
      .option('plain', {
        type: 'boolean',
        default: false,
        describe: 'plain timestamped progress lines even on a terminal',
      })
      .example('$0 run fd-exhaustion', 'one drill at the ci time scale')
      .example('$0 run --all --profile ci', 'every drill, as a CI gate')
      .example(
        '$0 run fd-exhaustion --rules rules/tickstorm-published.rules.yml',
        'show that the published alert cannot fire',
      ) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    const stack = stackChoice(args);
    let time;
    try {
      time = timeProfile({ profile: args.profile, timeScale: args.timeScale });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!args.all && args.scenario.length === 0) {
      throw new UsageError('name a scenario to run (see `chaos list`) or use --all');
    }
    let plans;
    try {
      plans = await planScenarios(args.all ? 'all' : args.scenario, {
        time,
        rules: args.rules,
        seed: args.seed,
      });
    } catch (error) {
      if (error instanceof PlanningError) {
        for (const line of error.lines) process.stderr.write(`chaos: ${line}\n`);
        process.exit(ExitCode.InvalidInput);
      }
      throw error;
    }

    const events = new EventHub();
    events.on(consoleReporter({ plain: args.plain }));
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) return;
      process.stderr.write(
        `\nchaos: ${signal} received; rolling back every fault before exiting\n`,
      );
      controller.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const result = await runDrills({
      plans,
      events,
      signal: controller.signal,
      stack,
      reportRoot: args.reportDir,
    });
    if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exit(result.exitCode);
  },
};

function stackChoice(args: RunArgs): StackChoice {
  if (!args.target) {
    if (args.targetMetrics) throw new UsageError('--target-metrics needs --target host:port');
    return { provider: 'local' };
  }
  const stream = parseHostPort(args.target, '--target');
  assertAllowedTarget(stream.host, args.allowRemote, '--target');
  if (!args.targetMetrics)
    throw new UsageError(
      '--target needs --target-metrics URL (where Prometheus scrapes the target)',
    );
  let metrics: URL;
  try {
    metrics = new URL(args.targetMetrics);
  } catch {
    throw new UsageError(
      `--target-metrics: expected a URL like http://127.0.0.1:9090/metrics, got "${args.targetMetrics}"`,
    );
  }
  assertAllowedTarget(metrics.hostname, args.allowRemote, '--target-metrics');
  return { provider: 'local', externalTarget: { stream, metricsUrl: metrics.href } };
}
