// The external provider, for game days against parts that already run: here this test
// starts them itself (a reference target, Prometheus with the ci-scaled rules scraping
// it, Toxiproxy) and `chaos run --provider external` must drive the whole drill through
// them, with --target-pid letting the nofile fault act on a process chaos did not start.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_STEP_PASSING_UNPAGED as EVERY_STEP_PASSING } from '../helpers/every-step-passing.js';
import { loadRulesFile } from '../../src/prom/rules-file.js';
import { scaleRules } from '../../src/prom/rules-scale.js';
import {
  startPrometheus,
  type RunningPrometheus,
} from '../../src/stack/prometheus/prometheus-server.js';
import {
  startReferenceTarget,
  type ReferenceTarget,
} from '../../src/stack/target/reference-target.js';
import {
  startToxiproxy,
  type RunningToxiproxy,
} from '../../src/stack/toxiproxy/toxiproxy-server.js';
import { readNofile } from '../../src/faults/nofile.js';
import { readJournal, runChaos } from '../helpers/run-chaos.js';

let target: ReferenceTarget;
let prometheus: RunningPrometheus;
let toxiproxy: RunningToxiproxy;

describe(
  'chaos run --provider external (real processes started by the test)',
  { timeout: 400_000 },
  () => {
    beforeAll(async () => {
      target = await startReferenceTarget();
      const dir = mkdtempSync(join(tmpdir(), 'external-provider-'));
      const rules = join(dir, 'rules.yml');
      writeFileSync(
        rules,
        scaleRules(await loadRulesFile('rules/tickstorm-corrected.rules.yml'), 0.1),
      );
      prometheus = await startPrometheus(join(dir, 'prometheus'), {
        scrapeIntervalMs: 1000,
        evaluationIntervalMs: 3000,
        ruleFiles: [rules],
        jobs: [{ job: 'tickstorm', url: target.metricsUrl }],
      });
      toxiproxy = await startToxiproxy();
    }, 60_000);

    afterAll(async () => {
      await Promise.all([
        target?.process.stop(),
        prometheus?.process.stop(),
        toxiproxy?.process.stop(),
      ]);
    });

    it('runs fd-exhaustion against them, acting on the target by --target-pid, and leaves them as it found them', async () => {
      const pid = target.process.pid;
      const before = readNofile(pid);
      const run = await runChaos([
        'run',
        'fd-exhaustion',
        '--provider',
        'external',
        '--profile',
        'ci',
        '--prometheus',
        prometheus.url,
        '--toxiproxy',
        toxiproxy.url,
        '--target',
        `${target.stream.host}:${target.stream.port}`,
        '--target-metrics',
        target.metricsUrl,
        '--target-pid',
        String(pid),
        '--allow-process-changes',
      ]);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(drill.steps.map((s) => [s.name, s.outcome])).toEqual(EVERY_STEP_PASSING);
      expect(run.code).toBe(0);
      expect(drill.stack.provider).toBe('external');
      expect(drill.faults[0]!.how).toContain(`prlimit --pid ${pid}`);
      // Everything it changed on parts it did not start is undone; the parts still run.
      expect(readNofile(pid).soft).toBe(before.soft);
      expect(await toxiproxy.client.proxyNames()).toEqual([]);
      expect(target.process.exit).toBeNull();
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/State:\s+[RS]/);
    });

    it('stops in preflight when the external Prometheus runs the rule at another time scale', async () => {
      const run = await runChaos([
        'run',
        // Its faults act through the proxy only: it needs nothing of the target's process.
        'test/fixtures/bad-input/scenarios/valid-proxy-only.ts',
        '--provider',
        'external',
        '--time-scale',
        '0.2',
        '--prometheus',
        prometheus.url,
        '--toxiproxy',
        toxiproxy.url,
        '--target',
        `${target.stream.host}:${target.stream.port}`,
        '--target-metrics',
        target.metricsUrl,
      ]);
      const drill = readJournal(run.reportRoot).drills[0]!;
      expect(run.code).toBe(3);
      expect(drill.steps[0]).toMatchObject({ name: 'preflight', outcome: 'error' });
      expect(drill.steps[0]!.message).toMatch(
        /runs TickStormConnectionDropRate with a 30s window and for 30s, but this plan \(time scale 0\.2\) assumed 1m and 1m/,
      );
      expect(await toxiproxy.client.proxyNames()).toEqual([]);
    });

    it('refuses --target-pid without --allow-process-changes, before anything starts', async () => {
      const run = await runChaos([
        'run',
        'fd-exhaustion',
        '--provider',
        'external',
        '--prometheus',
        prometheus.url,
        '--toxiproxy',
        toxiproxy.url,
        '--target',
        `${target.stream.host}:${target.stream.port}`,
        '--target-pid',
        String(target.process.pid),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toMatch(
        /--target-pid \d+: this framework did not start that process; add --allow-process-changes/,
      );
    });
  },
);
