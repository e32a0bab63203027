// `chaos run --provider docker` as a user runs it. Which tests run depends on whether a
// container engine answers here, asked once, the way the provider itself asks; the
// tests that cannot run say why in their names and on the console.
//
// With an engine: the built-in drills whose faults a container allows (fd-exhaustion,
// memory-pressure, packet-loss) pass with the same verdicts as on the local provider,
// each fault acting inside the containers, the page through Alertmanager in a container;
// a drill of toxics whose no-op remediation fails verification and whose page, routed by
// the published defect, reaches the wrong receiver; and a killed run whose containers `chaos rollback` removes from
// the ledger. Nothing is left behind.
// Without one: the command fails at once, in one line, with exit 3.

import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { probeContainerEngine } from '../../src/stack/containers/container-engine.js';
import { startDockerStack } from '../../src/stack/docker-stack.js';
import { MissingToolError } from '../../src/stack/missing-tool-error.js';
import { EVERY_STEP_PASSING } from '../helpers/every-step-passing.js';
import {
  ledgerFiles,
  readJournal,
  runChaos,
  startChaos,
  stepsInBrief,
} from '../helpers/run-chaos.js';

const engine = await probeContainerEngine();
const withoutEngine = engine.ok ? null : `no container engine answers (${engine.reason})`;
if (withoutEngine) console.log(`test/containers/docker-provider: skipped: ${withoutEngine}`);
const skippedWithout = withoutEngine ? ` [skipped: ${withoutEngine}]` : '';
const skippedWith = engine.ok ? ` [skipped: an engine answers (${engine.description})]` : '';

/** No-op remediation, and a page config that routes the alert to the wrong receiver. */
const FIXTURE = join(projectRoot, 'test/containers/fixtures/heartbeat-stall-misrouted.ts');
/** A first run pulls three images and builds the target. */
const DRILL_WITHIN_MS = 25 * 60_000;

async function docker(args: string[]): Promise<string[]> {
  const { stdout } = await promisify(execFile)('docker', args, { timeout: 30_000 });
  return stdout.split('\n').filter(Boolean);
}

/** Containers and networks whose names start with a drill's prefix. */
async function leftovers(prefix: string) {
  return {
    containers: await docker(['ps', '-a', '--filter', `name=${prefix}`, '--format', '{{.Names}}']),
    networks: await docker([
      'network',
      'ls',
      '--filter',
      `name=${prefix}`,
      '--format',
      '{{.Name}}',
    ]),
  };
}

/** The runbook's built-in drills whose faults a container allows, run as a CI gate would. */
const BUILT_IN = ['fd-exhaustion', 'memory-pressure', 'packet-loss'];

describe('chaos run --provider docker', () => {
  // Independent drills run at once, as on the local provider: the built-in three in one
  // `chaos run --parallel`, and the no-op control beside them.
  let builtIn: ReturnType<typeof runChaos> | null = null;
  let noop: ReturnType<typeof runChaos> | null = null;
  beforeAll(() => {
    if (!engine.ok) return;
    builtIn = runChaos(['run', ...BUILT_IN, '--provider', 'docker', '--parallel', '3'], {
      timeoutMs: DRILL_WITHIN_MS,
    });
    noop = runChaos(['run', FIXTURE, '--provider', 'docker'], { timeoutMs: DRILL_WITHIN_MS });
    // Each test awaits its own; a failure is reported there, not as an unhandled rejection.
    builtIn.catch(() => {});
    noop.catch(() => {});
  });

  it.skipIf(!engine.ok)(
    `the built-in drills pass in containers, with the faults acting inside them${skippedWithout}`,
    { timeout: DRILL_WITHIN_MS + 60_000 },
    async () => {
      const run = await builtIn!;
      const journal = readJournal(run.reportRoot);
      const tail = run.stderr.slice(-4000);
      expect(journal.drills.map((d) => d.scenario).sort(), tail).toEqual([...BUILT_IN].sort());
      for (const drill of journal.drills) {
        const outcome = (step: string) => drill.steps.find((s) => s.name === step)?.outcome;
        expect(drill.stack.provider).toBe('docker');
        // Same verdicts as the local provider: each step passes, for its own reason, the
        // page included (Alertmanager and the receiver in containers of their own).
        expect(
          drill.steps.map((s) => [s.name, s.outcome]),
          `${stepsInBrief(drill)}\n${tail}`,
        ).toEqual(EVERY_STEP_PASSING);
        expect(outcome('page')).toBe('pass');
        // Recovered on a window of remediated time only, not on a rolled-out target's
        // first seconds of fresh counters.
        expect(
          Date.parse(drill.markers.verificationPassed!) -
            Date.parse(drill.markers.remediationApplied!),
          drill.scenario,
        ).toBeGreaterThanOrEqual(drill.plan.verifyWindowMs);
        const page = drill.page!;
        expect(page.notChecked).toBeUndefined();
        expect(
          page.checks.every((c) => c.outcome === 'pass'),
          JSON.stringify(page.checks),
        ).toBe(true);
        expect(page.delivered.map((d) => [d.meantFor, d.status])).toEqual([
          ['tickstorm-oncall', 'firing'],
          ['tickstorm-oncall', 'resolved'],
        ]);
        expect(drill.stack.alertmanager).toMatch(/container chaos-\S+-alertmanager/);
      }
      const how = (scenario: string) =>
        journal.drills
          .find((d) => d.scenario === scenario)!
          .faults.map((f) => f.how)
          .join('\n');
      const remediations = (scenario: string) =>
        journal.drills
          .find((d) => d.scenario === scenario)!
          .remediations.map((f) => f.how)
          .join('\n');
      // Where each fault acted: inside the target's container, on the container's limit,
      // in Toxiproxy's container's network namespace.
      expect(how('fd-exhaustion')).toMatch(
        /^docker exec chaos-\S+-target prlimit --pid 1 --nofile=/,
      );
      expect(how('memory-pressure')).toMatch(
        /docker update --memory 536870912 .*memory-hog-process/,
      );
      expect(how('packet-loss')).toMatch(
        /nsenter --net=\/proc\/\d+\/ns\/net nft -f - \(chaos-\S+-toxiproxy's namespace/,
      );
      expect(remediations('packet-loss')).toMatch(/a new container of the same name/);
      expect(run.code, tail).toBe(0);
      expect(await leftovers(`chaos-${journal.runId}-`)).toEqual({ containers: [], networks: [] });
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );

  it.skipIf(!engine.ok)(
    `runs a drill of toxics in containers, its page misrouted, and leaves nothing behind${skippedWithout}`,
    { timeout: DRILL_WITHIN_MS + 60_000 },
    async () => {
      const run = await noop!;
      const journal = readJournal(run.reportRoot);
      const drill = journal.drills[0]!;
      const outcome = (step: string) => drill.steps.find((s) => s.name === step)?.outcome;
      expect(drill.stack.provider, run.stderr.slice(-3000)).toBe('docker');
      // The alert fired through the containers' Prometheus; nothing was remediated.
      const brief = `${stepsInBrief(drill)}\n${run.stderr.slice(-3000)}`;
      expect(outcome('expect'), brief).toBe('pass');
      expect(outcome('verify'), brief).toBe('fail');
      expect(outcome('rollback'), brief).toBe('pass');
      // The page went through the containers' Alertmanager, to the receiver the defective
      // routes take: delivered, and failed on its receiver alone.
      expect(outcome('page'), brief).toBe('fail');
      const page = drill.page!;
      expect(page.checks.filter((c) => c.outcome === 'fail').map((c) => c.message)).toEqual([
        'reached high-alerts, not tickstorm-oncall: the alert\'s labels take route > {severity="high"}',
      ]);
      expect(page.delivered[0]).toMatchObject({ meantFor: 'high-alerts', status: 'firing' });
      expect(run.code).toBe(1);
      expect(await leftovers(`chaos-${journal.runId}-`)).toEqual({ containers: [], networks: [] });
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );

  it.skipIf(!engine.ok)(
    `a run killed with its faults active is undone by \`chaos rollback\`: faults, containers, network, volumes${skippedWithout}`,
    { timeout: DRILL_WITHIN_MS + 60_000 },
    async () => {
      const volumesBefore = await docker(['volume', 'ls', '--format', '{{.Name}}']);
      const run = startChaos(['run', 'memory-pressure', '--provider', 'docker'], {
        timeoutMs: DRILL_WITHIN_MS,
      });
      const line = await run.waitForLine(
        /prometheus: http:\/\/127\.0\.0\.1:\d+ \(container chaos-\S+-prometheus\)/,
        DRILL_WITHIN_MS,
      );
      const prefix = /container (chaos-\S+)-prometheus/.exec(line)![1]!;
      // Killed while the container's limit is lowered and the hog holds memory in it.
      await run.waitForLine(/memory-pressure ✔ inject PASS/, DRILL_WITHIN_MS);
      run.child.kill('SIGKILL');
      await run.done;
      const left = await leftovers(prefix);
      expect(left.containers.length).toBeGreaterThanOrEqual(3);
      expect(left.networks).toEqual([prefix]);

      const rollback = await runChaos(['rollback'], { env: { CHAOS_STATE_DIR: run.stateDir } });
      expect(rollback.code, rollback.stderr).toBe(0);
      // The hog was ended in the container it ran in, by its pid, before the container went.
      expect(rollback.stdout + rollback.stderr).toMatch(
        /ended node src\/faults\/memory-hog-process\.mjs \d+ \S+ 536870912 \(pid \d+ in chaos-\S+-target\)/,
      );
      expect(await leftovers(prefix)).toEqual({ containers: [], networks: [] });
      expect(await docker(['volume', 'ls', '--format', '{{.Name}}'])).toEqual(volumesBefore);
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );

  it.skipIf(engine.ok)(
    `without an engine, fails at once with exit 3 and one line saying so${skippedWith}`,
    async () => {
      const run = await runChaos(['run', 'fd-exhaustion', '--provider', 'docker'], {
        timeoutMs: 60_000,
      });
      expect(run.code, run.stderr).toBe(3);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^chaos: --provider docker: no container engine answers \(.+\)/);
      expect(lines[0]).toMatch(/--provider local/);
      // Nothing was started or written: no run folder, no ledger.
      expect(readdirSync(run.reportRoot)).toEqual([]);
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    },
  );

  it.skipIf(engine.ok)(
    `without an engine, startDockerStack names the problem and records nothing${skippedWith}`,
    async () => {
      const recorded: string[] = [];
      const loads: unknown[] = [];
      const started = startDockerStack({
        name: 'no-engine',
        rulesFile: join(projectRoot, 'rules/tickstorm-corrected.rules.yml'),
        workDir: join(tmpdir(), 'never-written'),
        scrapeIntervalMs: 1000,
        evaluationIntervalMs: 3000,
        target: { env: {} },
        startLoad: async (address) => {
          loads.push(address);
          return { metricsUrl: '' };
        },
        recordContainer: (name) => recorded.push(name),
        recordNetwork: (name) => recorded.push(name),
        recordProxy: (_url, proxy) => recorded.push(proxy),
        log: () => {},
      });
      await expect(started).rejects.toBeInstanceOf(MissingToolError);
      await expect(started).rejects.toThrow(/no container engine answers .*--provider local/);
      expect(recorded).toEqual([]);
      expect(loads).toEqual([]);
    },
  );

  it('rejects --target with --provider docker as invalid input (exit 2)', async () => {
    const run = await runChaos(
      ['run', 'fd-exhaustion', '--provider', 'docker', '--target', '127.0.0.1:8080'],
      { timeoutMs: 60_000 },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--provider docker runs the reference target in a container/);
  });
});
