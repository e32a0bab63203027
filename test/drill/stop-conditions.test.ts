// Stop conditions and the kill switch, through the real CLI (real processes): a
// --stop-when that becomes true mid-drill aborts it within one sample, rolls back and
// exits 4 with the condition and its value in every report; a condition over a metric that
// does not exist is refused in preflight; `chaos stop RUN_ID` aborts a running drill and
// prints what it undid, and stopping one of two drills at once stops both; `chaos stop`
// with nothing running says so. The drills overlap.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isAlive,
  ledgerFiles,
  readJournal,
  runChaos,
  runFolder,
  stackPids,
  startChaos,
  stepsInBrief,
} from '../helpers/run-chaos.js';

const FIRING = 'ALERTS{alertname="TickStormConnectionDropRate",alertstate="firing"}';

describe('stop conditions and chaos stop (real processes)', { timeout: 240_000 }, () => {
  it.concurrent(
    '--stop-when that becomes true aborts within one sample, rolls back, and says why everywhere',
    async () => {
      const { code, stateDir, reportRoot } = await runChaos(
        ['run', 'fd-exhaustion', '--profile', 'ci', '--stop-when', FIRING],
        { timeoutMs: 230_000 },
      );
      const journal = readJournal(reportRoot);
      const drill = journal.drills[0]!;
      expect(code, stepsInBrief(drill)).toBe(4);
      expect(journal.exitCode).toBe(4);
      expect(journal.aborted).toBe(true);
      expect(journal.interrupted).toBe(false);
      expect(drill.outcome).not.toBe('pass');
      expect(drill.aborted).toMatchObject({
        by: 'stop condition',
        condition: { name: FIRING, query: FIRING },
      });
      expect(drill.aborted!.values![0]!.labels).toMatchObject({
        alertname: 'TickStormConnectionDropRate',
        alertstate: 'firing',
      });
      expect(drill.message).toMatch(
        /^aborted: stop condition .* held at .*; every fault was rolled back/,
      );
      // Within one sample of the alert firing as the sampler saw it (one tick is ≤ 1 s).
      const firing = drill.timeline.find((p) => p.alertState === 'firing');
      expect(firing, 'the timeline saw the alert firing').toBeDefined();
      const lagMs = Date.parse(drill.aborted!.at) - Date.parse(firing!.t);
      expect(lagMs).toBeGreaterThanOrEqual(-1500);
      expect(lagMs).toBeLessThanOrEqual(1500);
      // The step it cut short, then a rollback that passed; nothing left behind.
      const cut = drill.steps.find((s) => s.aborted)!;
      expect(cut.name).toBe('expect');
      expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
      expect(drill.rollback.find((r) => r.kind === 'nofile')?.outcome).toBe('reverted');
      expect(drill.markers.aborted).toBe(drill.aborted!.at);
      expect(drill.stopWhen).toEqual([{ name: FIRING, query: FIRING }]);
      for (const pid of stackPids(journal)) expect(isAlive(pid)).toBe(false);
      expect(ledgerFiles(stateDir)).toEqual([]);
      // Every report says why, with the value.
      const folder = runFolder(reportRoot);
      const junit = readFileSync(join(folder, 'junit.xml'), 'utf8');
      expect(junit).toContain('type="ABORTED"');
      expect(junit).toContain('alertname=&quot;TickStormConnectionDropRate&quot;');
      const summary = readFileSync(join(folder, 'summary.md'), 'utf8');
      expect(summary).toContain('# Resilience drills: ABORTED');
      expect(summary).toContain('### Why it stopped early');
      expect(summary).toContain(
        `Stop conditions watched at every sample: \`${FIRING}\` (held: the drill stopped).`,
      );
      expect(summary).toMatch(/value \{.*alertname="TickStormConnectionDropRate".*\} 1$/m);
      const html = readFileSync(join(folder, 'report.html'), 'utf8');
      expect(html).toContain('<h3>Why it stopped early</h3>');
      expect(html).toContain('badge aborted');
    },
  );

  it.concurrent(
    'a condition whose metric does not exist is refused in preflight, naming it',
    async () => {
      const { code, stderr, stateDir, reportRoot } = await runChaos(
        [
          'run',
          'fd-exhaustion',
          '--profile',
          'ci',
          '--stop-when',
          'tick_storm_no_such_metric_total > 0',
          '--stop-when',
          'ALERTS{alertname="NoSuchAlert",alertstate="firing"}',
        ],
        { timeoutMs: 230_000 },
      );
      const drill = readJournal(reportRoot).drills[0]!;
      expect(code, stepsInBrief(drill)).toBe(1);
      const preflight = drill.steps.find((s) => s.name === 'preflight')!;
      expect(preflight.outcome).toBe('no-data');
      expect(preflight.message).toMatch(
        /^stop condition `tick_storm_no_such_metric_total > 0` \(--stop-when\) can never hold: its selector tick_storm_no_such_metric_total matches no series in the Prometheus at http:\/\/127\.0\.0\.1:\d+/,
      );
      // An alert that is not firing has no ALERTS series: its rule must exist instead.
      expect(preflight.message).toContain(
        'stop condition `ALERTS{alertname="NoSuchAlert",alertstate="firing"}` (--stop-when) can never hold: its selector ALERTS{alertname="NoSuchAlert",alertstate="firing"} names alert NoSuchAlert, which no rule loaded in the Prometheus at',
      );
      expect(stderr).toContain('can never hold');
      expect(drill.steps.map((s) => s.name)).toEqual(['preflight', 'rollback']);
      expect(ledgerFiles(stateDir)).toEqual([]);
    },
  );

  it.concurrent('chaos stop RUN_ID aborts a running drill and prints what it undid', async () => {
    const idle = await runChaos(['stop']);
    expect(idle.code).toBe(0);
    expect(idle.stdout).toMatch(/^no drill is running on this machine/);

    const run = startChaos(['run', 'fd-exhaustion', '--profile', 'ci'], { timeoutMs: 230_000 });
    const env = { CHAOS_STATE_DIR: run.stateDir };
    const start = await run.waitForLine(/ run \S+: fd-exhaustion/, 60_000);
    const runId = / run (\S+):/.exec(start)![1]!;
    await run.waitForLine(/fd-exhaustion ▸ baseline/, 150_000);

    const unnamed = await runChaos(['stop'], { env });
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('name the drill to stop, or use --all; running now:');
    expect(unnamed.stderr).toContain(`${runId}-fd-exhaustion (pid ${run.child.pid}`);

    const stop = await runChaos(['stop', runId], { env });
    expect(stop.code, stop.stdout + stop.stderr).toBe(0);
    expect(stop.stdout).toContain(`asked ${runId}-fd-exhaustion`);
    expect(stop.stdout).toMatch(
      new RegExp(
        `${runId}-fd-exhaustion: aborted: stopped by \`chaos stop\` \\(pid \\d+\\); every fault was rolled back`,
      ),
    );
    expect(stop.stdout).toMatch(/ {2}Undone: .+\./);

    const { code } = await run.done;
    const journal = readJournal(run.reportRoot);
    const drill = journal.drills[0]!;
    expect(code, stepsInBrief(drill)).toBe(4);
    expect(drill.aborted).toMatchObject({ by: 'chaos stop' });
    expect(drill.steps.find((s) => s.aborted)?.name).toBe('baseline');
    expect(drill.steps.at(-1)).toMatchObject({ name: 'rollback', outcome: 'pass' });
    for (const pid of stackPids(journal)) expect(isAlive(pid)).toBe(false);
    // No ledger, request or answer is left in the state folder.
    expect(ledgerFiles(run.stateDir)).toEqual([]);
  });

  it.concurrent('stopping one drill of drills at once stops the others with it', async () => {
    const run = startChaos(
      [
        'run',
        'fd-exhaustion',
        'test/fixtures/scenarios/fd-and-latency.ts',
        '--parallel',
        '2',
        '--profile',
        'ci',
      ],
      { timeoutMs: 230_000 },
    );
    const start = await run.waitForLine(/ run \S+: fd-exhaustion/, 60_000);
    const runId = / run (\S+):/.exec(start)![1]!;
    await run.waitForLine(/fd-exhaustion ▸ baseline/, 150_000);
    await run.waitForLine(/fd-and-latency ▸ baseline/, 150_000);

    const stop = await runChaos(['stop', `${runId}-fd-exhaustion`], {
      env: { CHAOS_STATE_DIR: run.stateDir },
    });
    expect(stop.code, stop.stdout + stop.stderr).toBe(0);
    expect(stop.stdout).not.toContain('fd-and-latency');

    const { code } = await run.done;
    const journal = readJournal(run.reportRoot);
    expect(code, journal.drills.map(stepsInBrief).join('\n')).toBe(4);
    const [asked, sibling] = journal.drills;
    expect(asked!.aborted).toMatchObject({ by: 'chaos stop' });
    expect(asked!.aborted!.seenBy).toBeUndefined();
    expect(sibling!.scenario).toBe('fd-and-latency');
    expect(sibling!.aborted).toMatchObject({ by: 'chaos stop', seenBy: 'fd-exhaustion' });
    expect(sibling!.message).toMatch(
      /^aborted: stopped by `chaos stop` \(pid \d+\), seen by drill fd-exhaustion; every fault was rolled back/,
    );
    for (const drill of journal.drills)
      expect(drill.steps.at(-1), drill.scenario).toMatchObject({
        name: 'rollback',
        outcome: 'pass',
      });
    for (const pid of stackPids(journal)) expect(isAlive(pid)).toBe(false);
    expect(ledgerFiles(run.stateDir)).toEqual([]);
  });
});
