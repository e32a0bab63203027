// Game-day mode for real: the drill stops after the alert fires, shows the runbook's
// remediation, and waits with the fault active; the test then acts as the operator
// (raises the target's nofile limit with prlimit) and the drill verifies as usual.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EVERY_STEP_PASSING } from '../helpers/every-step-passing.js';
import { readJournal, startChaos } from '../helpers/run-chaos.js';

describe('chaos run --manual-remediation (real processes)', { timeout: 400_000 }, () => {
  it('waits for the operator, verifies their remediation, and reports who remediated and how long it took', async () => {
    const run = startChaos([
      'run',
      'fd-exhaustion',
      '--profile',
      'ci',
      '--manual-remediation',
      '--runbook',
      'runbooks/tickstorm-connection-drops.md',
    ]);
    const prompt = await run.waitForLine(/OPERATOR: apply the remediation now/, 200_000);
    expect(prompt).toContain('the fault stays active');
    const instruction = await run.waitForLine(/prlimit --pid \d+ --nofile=/, 5_000);
    const pid = Number(/prlimit --pid (\d+)/.exec(instruction)![1]);
    // The operator's hand: the runbook's command with this machine's hard limit.
    const hard = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${hard}:${hard}`]);

    const { code } = await run.done;
    const drill = readJournal(run.reportRoot).drills[0]!;
    expect(drill.steps.map((s) => [s.name, s.outcome])).toEqual(EVERY_STEP_PASSING);
    expect(code).toBe(0);
    expect(drill.remediatedBy?.by).toBe('operator');
    expect(drill.remediatedBy?.recoveredAfterMs).toBeGreaterThan(0);
    expect(drill.remediations[0]!.summary).toMatch(/left to the operator/);
    expect(drill.runbook?.links.remediate).toMatchObject({
      title: 'File descriptor exhaustion',
      anchor: 'file-descriptor-exhaustion',
    });
    expect(drill.runbook?.links.verify?.anchor).toBe('verification');
    expect(drill.firstMinutes?.length).toBeGreaterThan(0);
  });
});
