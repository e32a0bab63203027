// `chaos run <scenario...> | --all`: plan every drill (exit 2 before anything starts on
// bad input), run them, roll back on SIGINT/SIGTERM, exit with the named code.

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../result/exit-code.js';
import { EventHub } from '../../result/events.js';
import { runDrills } from '../../engine/run-drills.js';
import { consoleReporter } from '../../report/console-reporter.js';
import { openLiveView } from '../../report/live/open-live-view.js';
import { PlanningError, planScenarios } from '../../scenario/plan-scenarios.js';
import { writeReports } from '../../report/write-reports.js';
import { timeProfile } from '../../scenario/time-profile.js';
import { probeContainerEngine } from '../../stack/containers/container-engine.js';
import { stackChoice } from '../stack-choice.js';
import { UsageError } from '../usage-error.js';
import { attachRunbook } from '../attach-runbook.js';
import { probeStack } from '../probe-stack.js';
import { runCredentials } from '../run-credentials.js';
import { SECRET_VARIABLES } from '../../stack/process/child-env.js';
import { checkRunFlags } from '../run-flags.js';
import { refuseImpossibleSteps, refuseTogether } from '../refuse-impossible.js';
import { escalatingInterrupt } from '../interrupt-escalation.js';
import { ownLedgers } from '../../faults/own-ledgers.js';
import { asPublishedFlag, targetProfileOf } from '../target-choice.js';
import { drillsAtOnce } from '../drills-at-once.js';
import type { TargetProfileName } from '../../tickstorm/target-profile.js';

interface RunArgs {
  scenario: string[];
  all: boolean;
  profile?: string;
  timeScale?: number;
  rules?: string;
  alertmanagerConfig?: string;
  pageReceiver?: string;
  target?: string;
  targetMetrics?: string;
  targetPid?: number;
  allowProcessChanges: boolean;
  allowRemote: string[];
  reportDir?: string;
  seed?: number;
  parallel?: number;
  json: boolean;
  plain: boolean;
  ui: boolean;
  uiPort: number;
  uiKeep: boolean;
  preflight: boolean;
  allowHostSysctl: boolean;
  manualRemediation: boolean;
  runbook?: string;
  provider: 'local' | 'external' | 'docker';
  prometheus?: string;
  toxiproxy?: string;
  proxyListen?: string;
  proxyUpstream?: string;
  loadAddress?: string;
  user?: string;
  password?: string;
  passwordFile?: string;
  asPublished?: string;
  targetProfile?: TargetProfileName;
  stopWhen?: string[];
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
        describe:
          'time scale: ci = 0.1 (the default with the local provider), gameday = 1.0 (real runbook time; the default with --provider external)',
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
      .option('alertmanager-config', {
        type: 'string',
        describe:
          "your alertmanager.yml, instead of the scenario's: checked with amtool, run with its receivers replaced by the drill's webhook (local and docker providers); the page must reach the receiver its routes choose for the alert's labels",
      })
      .option('page-receiver', {
        type: 'string',
        describe:
          "the receiver the page must reach, defined in the Alertmanager config (default: the scenario's; with --alertmanager-config, where its routes send the alert)",
      })
      .option('target', {
        type: 'string',
        describe: 'attack an external TickStorm at host:port instead of the reference target',
      })
      .option('target-pid', {
        type: 'number',
        describe:
          "the external target's process id on this machine, so faults that act on the process (nofile, memory) can act on it (needs --allow-process-changes)",
      })
      .option('allow-process-changes', {
        type: 'boolean',
        default: false,
        describe:
          'allow faults to change a process this framework did not start (--target-pid); recorded and rolled back like any fault',
      })
      .option('target-metrics', {
        type: 'string',
        describe: "the external target's metrics URL (required with --target)",
      })
      .option('allow-remote', {
        type: 'string',
        array: true,
        default: [],
        describe:
          'allow this host outside loopback, by name, for --target, --target-metrics, --prometheus, --toxiproxy, --load-address, --proxy-listen and --proxy-upstream',
      })
      .option('user', {
        type: 'string',
        describe:
          "AUTH username for the drill's clients, also given to a local target (default: STREAM_USER or AUTH_USERNAME, then the scenario's credentials)",
      })
      .option('password', {
        type: 'string',
        describe:
          'AUTH password (default: STREAM_PASS or AUTH_PASSWORD, which keep it out of the process list; then the scenario)',
      })
      .option('password-file', {
        type: 'string',
        describe: 'read the AUTH password from this file (one trailing newline is dropped)',
      })
      .option('as-published', {
        type: 'string',
        describe:
          'the local reference target behaves as the published TickStorm: all (the flag alone), or a list as for `chaos target --as-published`',
      })
      .option('target-profile', {
        type: 'string',
        choices: ['tickstorm-published', 'tickstorm-reference'],
        describe:
          "what a target the drill did not start reads and handles (default tickstorm-published: the published server's variables, no SIGHUP handler); a step it cannot honour is refused before anything starts",
      })
      .option('report-dir', {
        type: 'string',
        describe: 'parent folder of run folders (default: reports/)',
      })
      .option('parallel', {
        type: 'number',
        describe:
          'run at most this many drills at once (default: chosen from the machine and printed; 1 runs them in turn)',
      })
      .option('seed', {
        type: 'number',
        describe: "seed for the load schedule (default: the scenario's)",
      })
      .option('provider', {
        type: 'string',
        choices: ['local', 'external', 'docker'],
        default: 'local',
        describe:
          'local: start toxiproxy, prometheus and the target here; external: use running ones (--prometheus, --toxiproxy, --target); docker: the same parts as local, in containers (needs a container engine)',
      })
      .option('prometheus', {
        type: 'string',
        describe:
          'external provider: Prometheus URL (it must scrape the target and have the rules loaded)',
      })
      .option('toxiproxy', { type: 'string', describe: 'external provider: Toxiproxy API URL' })
      .option('proxy-listen', {
        type: 'string',
        describe:
          'external provider: where the new proxy listens, as Toxiproxy sees it (default 127.0.0.1:0)',
      })
      .option('proxy-upstream', {
        type: 'string',
        describe: 'external provider: the target as Toxiproxy reaches it (default: --target)',
      })
      .option('load-address', {
        type: 'string',
        describe:
          'external provider: where the load connects to reach the proxy (default: the proxy listen address)',
      })
      .option('manual-remediation', {
        type: 'boolean',
        default: false,
        describe:
          "game-day mode: after the alert fires, show the runbook's remediation and wait (fault active) for an operator to apply it, then verify",
      })
      .option('runbook', {
        type: 'string',
        describe: 'attach a runbook (Markdown); reports link each step to its section',
      })
      .option('allow-host-sysctl', {
        type: 'boolean',
        default: false,
        describe:
          'let drills change host-wide kernel settings (net.core.netdev_max_backlog); recorded and rolled back like any fault',
      })
      .option('preflight', {
        type: 'boolean',
        default: true,
        describe:
          'check in seconds that the alert can fire before waiting on it (--no-preflight skips it)',
      })
      .option('stop-when', {
        type: 'string',
        array: true,
        describe:
          'stop the run at once, roll back, and exit 4 (Aborted) when this PromQL returns any sample, e.g. \'ALERTS{alertname="X",alertstate="firing"}\' (repeatable; added to the scenario\'s stopWhen; checked at every sample)',
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
      .option('ui', {
        type: 'boolean',
        default: false,
        describe: 'serve a live page of the drill on 127.0.0.1 (its URL is printed at start)',
      })
      .option('ui-port', {
        type: 'number',
        default: 0,
        describe: 'port of the live page (0 = any free port)',
      })
      .option('ui-keep', {
        type: 'boolean',
        default: false,
        describe: 'keep serving the live page after the run until Ctrl-C',
      })
      .epilogue(
        'Ctrl-C (SIGINT), SIGTERM or SIGHUP (a closed terminal) rolls back every fault, then exits 130. A second Ctrl-C says what is still being undone; a third exits at once and leaves it to `chaos rollback`, which undoes what the run recorded.',
      )
      .epilogue(
        'Exit codes: 0 every drill passed, 1 a drill failed (or no data), 2 invalid input, 3 the framework or its stack broke (also: a report could not be written, or a rollback left something behind), 4 aborted by a stop condition (--stop-when, stopWhen) or `chaos stop`, after a complete rollback, 130 interrupted.',
      )
      .example('$0 run fd-exhaustion', 'one drill at the ci time scale')
      .example('$0 run --all --profile ci', 'every drill, as a CI gate')
      .example(
        '$0 run fd-exhaustion --rules rules/tickstorm-published.rules.yml',
        'show that the published alert cannot fire',
      )
      .example(
        '$0 run fd-exhaustion --alertmanager-config monitoring/alertmanager.yml',
        'check that the page reaches on-call through your own Alertmanager routes',
      ) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    checkRunFlags(args);
    const stack = stackChoice(args);
    let time;
    try {
      // An external Prometheus runs the rules at their real scale unless told otherwise.
      const profile = args.profile ?? (args.provider === 'external' ? 'gameday' : 'ci');
      time = timeProfile({ profile, timeScale: args.timeScale });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!args.all && args.scenario.length === 0) {
      throw new UsageError('name a scenario to run (see `chaos list`) or use --all');
    }
    let plans;
    try {
      const credentials = runCredentials(args);
      // Read once: from here the password is the plan's, and no child inherits it.
      for (const name of SECRET_VARIABLES) delete process.env[name];
      const asPublished = asPublishedFlag(args);
      plans = await planScenarios(args.all ? 'all' : args.scenario, {
        time,
        rules: args.rules,
        ...(args.alertmanagerConfig ? { alertmanagerConfig: args.alertmanagerConfig } : {}),
        ...(args.pageReceiver ? { pageReceiver: args.pageReceiver } : {}),
        seed: args.seed,
        stopWhen: args.stopWhen ?? [],
        ...(credentials ? { credentials } : {}),
        ...(asPublished !== undefined ? { asPublished } : {}),
        ...targetProfileOf(args),
      });
    } catch (error) {
      if (error instanceof PlanningError) {
        for (const line of error.lines) process.stderr.write(`chaos: ${line}\n`);
        process.exit(ExitCode.InvalidInput);
      }
      throw error;
    }
    const runbook = args.runbook ? attachRunbook(args.runbook, plans) : undefined;
    // Parts that do not answer and steps the target cannot take: every problem at once.
    await refuseTogether([
      () => probeStack(stack),
      () => refuseImpossibleSteps(plans, stack, args.manualRemediation),
    ]);
    if (stack.provider === 'docker') await requireContainerEngine();

    const events = new EventHub();
    events.on(consoleReporter({ plain: args.plain }));
    const live = args.ui
      ? await openLiveView(events, {
          port: args.uiPort,
          keep: args.uiKeep,
          thresholds: Object.fromEntries(plans.map((p) => [p.scenario.name, p.alert.threshold])),
        }).catch((error: Error) => {
          throw new UsageError(error.message);
        })
      : null;
    const controller = new AbortController();
    const onSignal = escalatingInterrupt(controller, {
      write: (text) => process.stderr.write(text),
      pending: () => ownLedgers(),
      exit: (code) => process.exit(code),
    });
    // SIGHUP too: a closed terminal must roll the drill back, not end it where it stands.
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const signal of signals) process.on(signal, onSignal);
    const parallel = drillsAtOnce(args.parallel, plans.length);
    const result = await runDrills({
      plans,
      writeReports: (run) => writeReports(run, run.reportDir),
      parallel,
      events,
      signal: controller.signal,
      stack,
      reportRoot: args.reportDir,
      preflight: args.preflight,
      allowHostChanges: args.allowHostSysctl,
      manualRemediation: args.manualRemediation,
      ...(runbook ? { runbook } : {}),
    });
    if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (live) {
      // The run is over: a Ctrl-C now only ends the live view.
      for (const signal of signals) process.off(signal, onSignal);
      await live.finish();
    }
    process.exit(result.exitCode);
  },
};

/** Without an engine, fail in one line before any report folder exists. */
async function requireContainerEngine(): Promise<void> {
  const engine = await probeContainerEngine();
  if (engine.ok) return;
  process.stderr.write(
    `chaos: --provider docker: no container engine answers (${engine.reason}); start Docker or set DOCKER_HOST, or run the same drill with --provider local\n`,
  );
  process.exit(ExitCode.InfrastructureError);
}
