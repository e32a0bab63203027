// The bad-input corpus (test/fixtures/bad-input) through the real `chaos run`: every
// malformed scenario, rules file, runbook and flag exits 2 with one line per problem,
// naming the file or flag and the field and saying what was expected, and starts
// nothing: no run folder (a run makes it before its stack) and no ledger.
// Unreachable URLs are probed against real closed ports and real parts.

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import {
  startPrometheus,
  type RunningPrometheus,
} from '../../src/stack/prometheus/prometheus-server.js';
import { ledgerFiles, runChaos } from '../helpers/run-chaos.js';
import { ToxiproxyServer } from '../helpers/toxiproxy.js';

const CORPUS = join(projectRoot, 'test/fixtures/bad-input');
const scenario = (name: string) => join(CORPUS, 'scenarios', `${name}.ts`);
const rules = (name: string) => join(CORPUS, 'rules', `${name}.yml`);
const runbook = (name: string) => join(CORPUS, 'runbooks', `${name}.md`);
const VALID = scenario('valid-base');
/** For the cases with a target the drill did not start: nothing in it needs the target's process. */
const PROXY_ONLY = scenario('valid-proxy-only');
/** How messages name a file: relative to where `chaos` runs (the project root here). */
const shown = (path: string) => relative(process.cwd(), path);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface BadInput {
  name: string;
  args: () => string[];
  /** One pattern per line of stderr, in order. */
  lines: RegExp[];
  reportRoot?: () => string;
}

/** A corpus scenario run alone; each pattern is one line after `<file>: `. */
function scenarioCase(name: string, ...lines: RegExp[]): BadInput {
  const prefix = escape(`${shown(scenario(name))}: `);
  return {
    name: `scenarios/${name}.ts`,
    args: () => ['run', scenario(name)],
    lines: lines.map((line) => new RegExp(prefix + line.source)),
  };
}

function flagCase(name: string, args: () => string[], ...lines: RegExp[]): BadInput {
  return { name, args: () => ['run', ...args()], lines };
}

// Set in beforeAll: real parts and closed ports for the unreachable-URL cases.
let prometheus: RunningPrometheus;
let toxiproxy: ToxiproxyServer;
let closedPort = 0;
let scratch = '';
const closedUrl = (path = '') => `http://127.0.0.1:${closedPort}${path}`;

const scenarioCases: BadInput[] = [
  scenarioCase('threshold-string', /alert\.threshold: expected number, got "0\.5"$/),
  scenarioCase('name-number', /name: expected string, got 42$/),
  scenarioCase('verify-array', /verify: expected object, got \["sum\(rate/),
  scenarioCase('missing-verify', /verify: is required \(expected object\)$/),
  scenarioCase('missing-alert-name', /alert\.name: is required \(expected string\)$/),
  scenarioCase('unknown-field', /\(scenario\): unknown field "retries"$/),
  scenarioCase('unknown-alert-field', /alert: unknown field "treshold"$/),
  scenarioCase(
    'unknown-fault-type',
    /inject\[0\]\.type: expected one of "nofile", .*got "meteor"$/,
  ),
  scenarioCase(
    'unknown-toxic',
    /inject\[0\]\.toxic: expected one of "latency", .*got "earthquake"$/,
  ),
  scenarioCase(
    'toxic-attribute',
    /inject\[0\]\.attributes\.rate: unknown attribute for a latency toxic; expected one of latency, jitter$/,
  ),
  scenarioCase('toxicity-out-of-range', /inject\[0\]\.toxicity: expected at most 1, got 50$/),
  scenarioCase(
    'verify-within-negative',
    /verify\.within: expected a duration like "5m" or "30s", got "-5m"$/,
  ),
  scenarioCase(
    'verify-within-zero',
    /verify\.within: expected a duration above 0 like "5m", got "0s"$/,
  ),
  scenarioCase(
    'verify-within-window',
    /verify\.within: expected more than 5m, the verification query's window \(a pass counts only once the window holds nothing from before the remediation\), got "5m"$/,
  ),
  scenarioCase(
    'fires-within-unparseable',
    /alert\.firesWithin: expected a duration like "5m" or "30s", got "soon"$/,
  ),
  scenarioCase(
    'baseline-duration-negative',
    /baseline\.duration: expected a duration .*got "-1m"$/,
  ),
  scenarioCase(
    'baseline-connections-fraction',
    /baseline\.minConnectionsPerWindow: expected a positive integer, got 2\.5$/,
  ),
  scenarioCase(
    'load-stage-duration',
    /load\.stages\[1\]\.duration: expected a duration like "30s", got "abc"$/,
  ),
  scenarioCase(
    'load-lifetime-negative',
    /load\.lifetime: expected a duration like "30s", got "-3s"$/,
  ),
  scenarioCase('load-unknown-executor', /load\.executor: expected one of .*got "burst"$/),
  scenarioCase('threshold-zero', /alert\.threshold: expected a number above 0, got 0$/),
  scenarioCase('threshold-negative', /alert\.threshold: expected a number above 0, got -0\.5$/),
  scenarioCase('fill-out-of-range', /inject\[0\]\.fill: expected at most 0\.99, got 1\.5$/),
  scenarioCase(
    'memory-size-unit',
    /inject\[0\]\.ceiling: expected a size like "512MiB" or "4GiB", got "512MB"$/,
  ),
  scenarioCase('percent-out-of-range', /inject\[0\]\.percent: expected at most 90, got 150$/),
  scenarioCase('nofile-fraction', /remediate\[0\]\.soft: expected a positive integer, got 1\.5$/),
  scenarioCase(
    'packet-loss-fraction',
    /inject\[0\]\.percent: expected a whole percent like 2, got 2\.5$/,
  ),
  scenarioCase(
    'nofile-huge',
    /remediate\[0\]\.soft: expected a limit of at most 2147483647, got 1000000000000000$/,
  ),
  scenarioCase(
    'memory-zero',
    /inject\[0\]\.ceiling: expected a size above 0 like "512MiB", got "0B"$/,
  ),
  scenarioCase(
    'toxic-infinity',
    /inject\[0\]\.attributes\.latency: expected a finite number from 0 to 2\^53, got Infinity$/,
  ),
  scenarioCase('remediate-empty', /remediate: expected at least one remediation action, got \[\]$/),
  scenarioCase(
    'sysctl-key',
    /inject\[0\]\.values\.somaxconn: expected a network sysctl key like net\.core\.somaxconn, got "somaxconn"$/,
  ),
  scenarioCase(
    'verify-query-promql',
    /verify\.query: expected valid PromQL, got a syntax error at column 13: unexpected "by"/,
  ),
  scenarioCase(
    'steady-state-promql',
    /steadyState\.dropRate: expected valid PromQL, got a syntax error at column \d+: unexpected end/,
  ),
  scenarioCase(
    'direct-with-toxic',
    /inject\[0\]\.type: expected a fault that acts on the target with loadPath "direct", got a toxic fault, .*\(use loadPath "proxy"\)$/,
  ),
  scenarioCase(
    'alert-not-in-rules',
    /alert\.rules \(rules\/tickstorm-corrected\.rules\.yml\): expected an alert named "TickStormConnectionDropRat"; the file's alerts are: TickStormConnectionDropRate$/,
  ),
  scenarioCase(
    'rules-missing',
    /alert\.rules \(rules\/no-such\.rules\.yml\): cannot read the rules file \(ENOENT\); expected a readable YAML file$/,
  ),
  scenarioCase(
    'rules-yaml-syntax',
    /alert\.rules \(test\/fixtures\/bad-input\/rules\/yaml-syntax\.yml\): not valid YAML: Missing closing "quote$/,
  ),
  scenarioCase(
    'rules-bad-expr',
    /alert\.rules \(test\/fixtures\/bad-input\/rules\/bad-expr\.yml:8\): groups\[0\]\.rules\[0\]\.expr: alert TickStormConnectionDropRate: PromQL syntax error at line 1, column 46/,
  ),
  scenarioCase(
    'rules-bad-for',
    /alert\.rules \(test\/fixtures\/bad-input\/rules\/bad-for\.yml:8\): groups\[0\]\.rules\[0\]\.for: expected a duration like "5m", got "5 minutes"$/,
  ),
  scenarioCase(
    'throws-on-import',
    /could not load the file: TICKSTORM_DRILL_THRESHOLD is not set$/,
  ),
  scenarioCase(
    'no-default-export',
    /expected a default export made with defineScenario\(\), found none$/,
  ),
  scenarioCase(
    'several-mistakes',
    /alert\.threshold: expected a number above 0, got 0$/,
    /inject\[0\]\.type: expected one of .*got "meteor"$/,
    /verify\.within: expected a duration like "5m" or "30s", got "soon"$/,
  ),
];

const fileCases: BadInput[] = [
  flagCase(
    'a scenario name with no file',
    () => ['no-such-drill'],
    /^scenarios\/no-such-drill\.ts: no such file \(expected a scenario name from `chaos list` or a path to a \.ts file\)$/,
  ),
  flagCase(
    'a valid scenario beside a missing one: neither starts',
    () => [VALID, 'no-such-drill'],
    /^scenarios\/no-such-drill\.ts: no such file/,
  ),
  flagCase(
    'a folder given as a scenario',
    () => [join(CORPUS, 'scenarios')],
    /^test\/fixtures\/bad-input\/scenarios: is a folder; expected a scenario \.ts file$/,
  ),
  flagCase(
    'a scenario with a TypeScript syntax error',
    () => [join(scratch, 'syntax-error.ts')],
    /syntax-error\.ts: could not load the file: syntax error at line 4, column 1: Expected "}" but found ";"$/,
  ),
  flagCase(
    'two broken scenarios: one line each',
    () => [scenario('threshold-zero'), scenario('unknown-toxic')],
    /threshold-zero\.ts: alert\.threshold: /,
    /unknown-toxic\.ts: inject\[0\]\.toxic: /,
  ),
  flagCase(
    'two scenarios with the same name',
    () => [VALID, scenario('no-runbook-section')],
    /^test\/fixtures\/bad-input\/scenarios\/no-runbook-section\.ts: name: expected a name no other scenario in this run has, got "bad-input-base", which test\/fixtures\/bad-input\/scenarios\/valid-base\.ts has too$/,
  ),
  flagCase(
    'the same scenario twice',
    () => [VALID, VALID],
    /^test\/fixtures\/bad-input\/scenarios\/valid-base\.ts: given twice; expected each scenario once$/,
  ),
  flagCase(
    '--rules: not YAML',
    () => [VALID, '--rules', rules('yaml-syntax')],
    /^--rules: test\/fixtures\/bad-input\/rules\/yaml-syntax\.yml: not valid YAML: Missing closing "quote$/,
  ),
  flagCase(
    '--rules: an expr that is not PromQL',
    () => [VALID, '--rules', rules('bad-expr')],
    /^--rules: test\/fixtures\/bad-input\/rules\/bad-expr\.yml:8: groups\[0\]\.rules\[0\]\.expr: alert TickStormConnectionDropRate: PromQL syntax error/,
  ),
  flagCase(
    '--rules: a for that is not a duration, said once for two scenarios',
    () => [VALID, 'fd-exhaustion', '--rules', rules('bad-for')],
    /^--rules: test\/fixtures\/bad-input\/rules\/bad-for\.yml:8: groups\[0\]\.rules\[0\]\.for: expected a duration like "5m", got "5 minutes"$/,
  ),
  flagCase(
    '--rules: a missing file',
    () => [VALID, '--rules', 'no-such.rules.yml'],
    /^--rules: no-such\.rules\.yml: cannot read the rules file \(ENOENT\); expected a readable YAML file$/,
  ),
  flagCase(
    '--rules: a file without the alert',
    () => [VALID, '--rules', rules('alert-missing')],
    /^--rules: test\/fixtures\/bad-input\/rules\/alert-missing\.yml: expected an alert named "TickStormConnectionDropRate"; the file's alerts are: none$/,
  ),
  flagCase(
    '--rules: an alert without a range window',
    () => [VALID, '--rules', rules('no-range-window')],
    /valid-base\.ts: alert\.name: the rule TickStormConnectionDropRate in test\/fixtures\/bad-input\/rules\/no-range-window\.yml has no range window/,
  ),
  flagCase(
    '--runbook: a missing file',
    () => [VALID, '--runbook', 'no-such-runbook.md'],
    /^--runbook: no-such-runbook\.md: no such file \(expected a Markdown runbook\)$/,
  ),
  flagCase(
    "--runbook: without the scenario's section",
    () => [VALID, '--runbook', runbook('wrong-sections')],
    /^--runbook: .*wrong-sections\.md: expected a section "File descriptor exhaustion" \(runbook\.section of .*valid-base\.ts\), found none; its sections: "Runbook: a different service", "Alert", "Verification"$/,
  ),
  flagCase(
    '--runbook: a folder',
    () => [VALID, '--runbook', join(CORPUS, 'runbooks')],
    /^--runbook: .*runbooks is a folder; expected a Markdown runbook file$/,
  ),
  flagCase(
    '--runbook with a scenario that names no runbook.section',
    () => [scenario('no-runbook-section'), '--runbook', 'runbooks/tickstorm-connection-drops.md'],
    /no-runbook-section\.ts: runbook\.section: expected the runbook section for this cause \(needed by --runbook\), found none$/,
  ),
];

const flagCases: BadInput[] = [
  flagCase(
    '--as-published with an unknown behaviour',
    () => [VALID, '--as-published=all,-frozen-counters'],
    /^--as-published: unknown behaviour "frozen-counters"; expected all, none or a comma list of gapped-batch-sequence, .*lazy-counter-series \(a leading - removes one chosen before it\)$/,
  ),
  flagCase(
    '--as-published with an external target',
    () => [
      VALID,
      '--as-published',
      '--target',
      '127.0.0.1:9',
      '--target-metrics',
      'http://127.0.0.1:9/metrics',
    ],
    /^--as-published: only the local reference target can be made to behave as the published server/,
  ),
  flagCase(
    '--password-file that does not exist',
    () => [VALID, '--user', 'u', '--password-file', '/nonexistent/tickstorm-pass'],
    /^--password-file \/nonexistent\/tickstorm-pass: expected a regular file under 64 KiB holding the password, got ENOENT$/,
  ),
  flagCase(
    '--password and --password-file together',
    () => [VALID, '--password', 'x', '--password-file', '/etc/hostname'],
    /^--password and --password-file: give one of them, not both$/,
  ),
  flagCase(
    '--time-scale 0',
    () => [VALID, '--time-scale', '0'],
    /^--time-scale: expected a number in \(0, 10\], got 0$/,
  ),
  flagCase(
    '--time-scale -1',
    () => [VALID, '--time-scale', '-1'],
    /^--time-scale: expected a number in \(0, 10\], got -1$/,
  ),
  flagCase(
    '--time-scale 1e-9: rule windows of a millisecond',
    () => [VALID, '--time-scale', '0.000000001'],
    /^test\/fixtures\/bad-input\/scenarios\/valid-base\.ts: time scale 1e-9: the rule window becomes 1ms, shorter than two scrapes \(2s\), so rate\(\) has nothing to work on/,
  ),
  flagCase(
    '--time-scale abc',
    () => [VALID, '--time-scale', 'abc'],
    /^--time-scale: expected a number like 0\.2, got "abc"$/,
  ),
  flagCase(
    '--time-scale without a value',
    () => [VALID, '--time-scale'],
    /^--time-scale: expected a number like 0\.2, got nothing$/,
  ),
  flagCase(
    '--profile fast',
    () => [VALID, '--profile', 'fast'],
    /^--profile: expected one of "ci", "gameday", got "fast"/,
  ),
  flagCase(
    '--provider ssh',
    () => [VALID, '--provider', 'ssh'],
    /^--provider: expected one of "local", "external", "docker", got "ssh"/,
  ),
  flagCase(
    '--seed abc',
    () => [VALID, '--seed', 'abc'],
    /^--seed: expected an integer like 7, got "abc"$/,
  ),
  flagCase(
    '--seed 1.5',
    () => [VALID, '--seed', '1.5'],
    /^--seed: expected an integer like 7, got "1\.5"$/,
  ),
  flagCase(
    '--ui-port 99999',
    () => [VALID, '--ui', '--ui-port', '99999'],
    /^--ui-port: expected a port from 0 to 65535 \(0 = any free port\), got "99999"$/,
  ),
  flagCase(
    '--rules without a value',
    () => [VALID, '--rules'],
    /^--rules: expected a value after it, got nothing$/,
  ),
  flagCase(
    '--all beside a scenario name',
    () => ['fd-exhaustion', '--all'],
    /^--all: runs every scenario in scenarios\/; expected either --all or scenario names, got both \(fd-exhaustion\)$/,
  ),
  flagCase(
    '--report-dir given twice',
    () => [VALID, '--report-dir', join(scratch, 'other')],
    /^--report-dir: given 2 times \(.*\); expected it once$/,
  ),
  {
    ...flagCase(
      '--report-dir that is a file',
      () => [VALID],
      /^--report-dir: .*a-file is a file; expected a folder to hold the run folders \(created when missing\)$/,
    ),
    reportRoot: () => join(scratch, 'a-file'),
  },
  {
    ...flagCase(
      '--report-dir through a file',
      () => [VALID],
      /^--report-dir: \/etc\/passwd\/reports cannot be made: \/etc\/passwd is a file, not a folder$/,
    ),
    reportRoot: () => '/etc/passwd/reports',
  },
  {
    ...flagCase(
      '--report-dir in /proc',
      () => [VALID],
      /^--report-dir: \/proc\/chaos-reports is in a kernel file system; expected an ordinary folder$/,
    ),
    reportRoot: () => '/proc/chaos-reports',
  },
  flagCase(
    'an unknown flag',
    () => [VALID, '--tiemout', '5'],
    /^Unknown argument: tiemout \(see `chaos --help`\)$/,
  ),
  flagCase(
    '--target malformed',
    () => [VALID, '--target', 'nonsense', '--target-metrics', 'http://127.0.0.1:9100/metrics'],
    /^--target: expected host:port like 127\.0\.0\.1:8080, got "nonsense"$/,
  ),
  flagCase(
    '--target outside loopback without --allow-remote',
    () => [VALID, '--target', '10.1.2.3:8080', '--target-metrics', 'http://10.1.2.3:9100/metrics'],
    /^--target: 10\.1\.2\.3 is outside loopback; drills only attack 127\.0\.0\.0\/8 and ::1 unless you name the host with --allow-remote 10\.1\.2\.3$/,
  ),
  flagCase(
    '--target-metrics outside loopback without --allow-remote',
    () => [VALID, '--target', '127.0.0.1:8080', '--target-metrics', 'http://10.1.2.3:9100/metrics'],
    /^--target-metrics: 10\.1\.2\.3 is outside loopback; .*--allow-remote 10\.1\.2\.3$/,
  ),
  flagCase(
    '--target without --target-metrics',
    () => [VALID, '--target', '127.0.0.1:8080'],
    /^--target needs --target-metrics URL \(where Prometheus scrapes the target\)$/,
  ),
  flagCase(
    '--target-metrics without --target',
    () => [VALID, '--target-metrics', 'http://127.0.0.1:9100/metrics'],
    /^--target-metrics needs --target host:port$/,
  ),
  flagCase(
    '--target-metrics without a scheme',
    () => [VALID, '--target', '127.0.0.1:8080', '--target-metrics', 'localhost:9100'],
    /^--target-metrics: expected an http:\/\/ or https:\/\/ URL, got "localhost:9100"$/,
  ),
  flagCase(
    '--provider external without --target',
    () => [VALID, '--provider', 'external'],
    /^--provider external needs --target host:port \(the TickStorm under test\)$/,
  ),
  flagCase(
    '--provider external without --prometheus',
    () => [
      VALID,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--toxiproxy',
      'http://127.0.0.1:8474',
    ],
    /^--provider external needs --prometheus URL$/,
  ),
  flagCase(
    '--provider external without --toxiproxy',
    () => [
      VALID,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--prometheus',
      'http://127.0.0.1:9090',
    ],
    /^--provider external needs --toxiproxy URL$/,
  ),
  flagCase(
    '--prometheus that is not a URL',
    () => [
      VALID,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--prometheus',
      '127.0.0.1:9090',
      '--toxiproxy',
      'http://127.0.0.1:8474',
    ],
    /^--prometheus: expected a URL like http:\/\/127\.0\.0\.1:9090, got "127\.0\.0\.1:9090"$/,
  ),
  flagCase(
    '--prometheus without --provider external',
    () => [VALID, '--prometheus', 'http://127.0.0.1:9090'],
    /^--prometheus and --toxiproxy belong to --provider external$/,
  ),
];

const unreachableCases: BadInput[] = [
  flagCase(
    '--prometheus at a closed port (Toxiproxy real)',
    () => [
      PROXY_ONLY,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--prometheus',
      closedUrl(),
      '--toxiproxy',
      toxiproxy.apiUrl,
    ],
    /^--prometheus: http:\/\/127\.0\.0\.1:\d+\/ did not answer GET \/-\/ready within 2 s \(connection refused\); start Prometheus or fix the URL$/,
  ),
  flagCase(
    '--toxiproxy at a closed port (Prometheus real)',
    () => [
      PROXY_ONLY,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--prometheus',
      prometheus.url,
      '--toxiproxy',
      closedUrl(),
    ],
    /^--toxiproxy: http:\/\/127\.0\.0\.1:\d+\/ did not answer GET \/version within 2 s \(connection refused\); start Toxiproxy or fix the URL$/,
  ),
  flagCase(
    '--prometheus and --toxiproxy both closed: one line each',
    () => [
      PROXY_ONLY,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--prometheus',
      closedUrl(),
      '--toxiproxy',
      closedUrl(),
    ],
    /^--prometheus: .* did not answer GET \/-\/ready within 2 s \(connection refused\)/,
    /^--toxiproxy: .* did not answer GET \/version within 2 s \(connection refused\)/,
  ),
  flagCase(
    '--target-metrics at a closed port with the external provider (Prometheus and Toxiproxy real)',
    () => [
      PROXY_ONLY,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--prometheus',
      prometheus.url,
      '--toxiproxy',
      toxiproxy.apiUrl,
      '--target-metrics',
      closedUrl('/metrics'),
    ],
    /^--target-metrics: http:\/\/127\.0\.0\.1:\d+\/metrics did not answer GET within 2 s \(connection refused\); start the target or fix the URL$/,
  ),
  flagCase(
    '--target-metrics at a closed port with the local provider (the target stream real)',
    () => [PROXY_ONLY, '--target', toxiproxyAddress(), '--target-metrics', closedUrl('/metrics')],
    /^--target-metrics: http:\/\/127\.0\.0\.1:\d+\/metrics did not answer GET within 2 s \(connection refused\); start the target or fix the URL$/,
  ),
  flagCase(
    '--target at a closed port with the local provider (its metrics real)',
    () => [
      PROXY_ONLY,
      '--target',
      `127.0.0.1:${closedPort}`,
      '--target-metrics',
      `${prometheus.url}/metrics`,
    ],
    /^--target: 127\.0\.0\.1:\d+ did not accept a TCP connection within 2 s \(connection refused\); start the target or fix the address$/,
  ),
  flagCase(
    '--prometheus pointing at Toxiproxy: it answers 404',
    () => [
      PROXY_ONLY,
      '--provider',
      'external',
      '--target',
      '127.0.0.1:8080',
      '--prometheus',
      toxiproxy.apiUrl,
      '--toxiproxy',
      toxiproxy.apiUrl,
    ],
    /^--prometheus: http:\/\/127\.0\.0\.1:\d+\/ answered GET \/-\/ready with HTTP 404; expected 200 or 503 from Prometheus; check that the URL is Prometheus's \(with its path prefix, if any\)$/,
  ),
  flagCase(
    '--ui-port already in use (by the real Prometheus)',
    () => [VALID, '--ui', '--ui-port', new URL(prometheus.url).port],
    /^--ui-port \d+: the live view could not listen on 127\.0\.0\.1:\d+ \(the port is in use\); choose another port, or 0 for any free one$/,
  ),
  flagCase(
    '--target-metrics at a path that answers 404 (Prometheus real)',
    () => [
      PROXY_ONLY,
      '--target',
      toxiproxyAddress(),
      '--target-metrics',
      `${prometheus.url}/no-metrics-here`,
    ],
    /^--target-metrics: http:\/\/127\.0\.0\.1:\d+\/no-metrics-here answered GET with HTTP 404; expected 200 from the target/,
  ),
];

/** Toxiproxy's API port stands in for a listening target stream: it accepts TCP. */
function toxiproxyAddress(): string {
  return new URL(toxiproxy.apiUrl).host;
}

const stateDirs: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'bad-input-'));
  writeFileSync(join(scratch, 'a-file'), 'not a folder\n');
  mkdirSync(join(scratch, 'other'));
  writeFileSync(
    join(scratch, 'syntax-error.ts'),
    "export default {\n  name: 'broken',\n  alert: { name: 'X' \n};\n",
  );
  closedPort = await closedLoopbackPort();
  toxiproxy = await ToxiproxyServer.start();
  prometheus = await startPrometheus(join(scratch, 'prometheus'), {
    scrapeIntervalMs: 1000,
    evaluationIntervalMs: 1000,
    ruleFiles: [],
    jobs: [],
  });
});

afterAll(async () => {
  await prometheus?.process.stop(5000);
  await toxiproxy?.stop();
});

// Should a case regress into a real drill, undo whatever it left behind.
afterEach(async () => {
  for (const stateDir of stateDirs.splice(0)) {
    if (ledgerFiles(stateDir).length > 0)
      await runChaos(['rollback'], { env: { CHAOS_STATE_DIR: stateDir }, timeoutMs: 60_000 });
  }
});

/** A port nothing listens on: bound, then closed. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the bad-input corpus: chaos run exits 2 in one line per problem, before anything starts', () => {
  it('the base every corpus scenario changes is itself valid', async () => {
    const run = await runChaos(['validate', VALID], { timeoutMs: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  // Independent processes: a few at once (vitest's maxConcurrency), as a user never would
  // but a CI minute is worth it.
  it.concurrent.each([...scenarioCases, ...fileCases, ...flagCases, ...unreachableCases])(
    '$name',
    async ({ args, lines, reportRoot }) => {
      const root = reportRoot?.();
      const run = await runChaos(args(), {
        timeoutMs: 30_000,
        ...(root ? { reportRoot: root } : {}),
      });
      stateDirs.push(run.stateDir);
      const said = run.stderr.trimEnd().split('\n');
      expect(run.code, run.stderr).toBe(2);
      expect(said, run.stderr).toHaveLength(lines.length);
      said.forEach((line, index) => {
        expect(line).toMatch(/^chaos: /);
        expect(line.slice('chaos: '.length)).toMatch(lines[index]!);
      });
      expect(run.stdout).toBe('');
      // Nothing started: no run folder, no ledger.
      if (!root) expect(readdirSync(run.reportRoot)).toEqual([]);
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );

  it('has at least 30 malformed inputs', () => {
    const corpus = [...scenarioCases, ...fileCases, ...flagCases, ...unreachableCases];
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });
});
