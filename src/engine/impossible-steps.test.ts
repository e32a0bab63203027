// Which steps a drill could never carry out on its target, found from the plan alone.

import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import { planDrill, type PlanOptions } from '../scenario/plan.js';
import { resolveScenarioFile } from '../scenario/scenario-files.js';
import { timeProfile } from '../scenario/time-profile.js';
import { impossibleSteps, type TargetReach } from './impossible-steps.js';

const time = timeProfile({ profile: 'ci' });
const plan = async (name: string, options: Partial<PlanOptions> = {}) =>
  planDrill(await loadScenarioFile(resolveScenarioFile(name)), { time, ...options });
const theirs: TargetReach = {
  startedByDrill: false,
  address: '127.0.0.1:8080',
  processKnown: true,
  manualRemediation: false,
};
const published = { targetProfile: 'tickstorm-published' as const };

describe('impossible steps', () => {
  it('none for a drill whose every step the target allows', async () => {
    expect(impossibleSteps(await plan('fd-exhaustion', published), theirs)).toEqual([]);
    const ours = { ...theirs, startedByDrill: true };
    for (const name of ['memory-pressure', 'packet-loss', 'connection-reset', 'syn-backlog'])
      expect(impossibleSteps(await plan(name), ours)).toEqual([]);
  });

  it('restarts and settings of a target the drill did not start; unread settings asked of an operator', async () => {
    const packetLoss = await plan('packet-loss', published);
    expect(impossibleSteps(packetLoss, theirs).map((line) => line.split(':')[0])).toEqual([
      'target.env',
      'remediate[0] (restart-target)',
      'remediate[0] (restart-target)',
    ]);
    const manual = impossibleSteps(packetLoss, { ...theirs, manualRemediation: true });
    expect(manual[1]).toMatch(
      /^remediate\[0\] \(restart-target\): asks the operator to set CONNECTION_TIMEOUT, KEEPALIVE_INTERVAL, which the published TickStorm does not read/,
    );
    expect(manual).toHaveLength(2);
  });

  it('a signal without a handler, a namespace only a drill-started target gets, a process not named', async () => {
    const synBacklog = impossibleSteps(await plan('syn-backlog', published), theirs);
    expect(synBacklog).toContainEqual(
      expect.stringMatching(
        /^inject\[1\] \(reopen-listener\): sends SIGHUP to the target, but the published TickStorm has no SIGHUP handler/,
      ),
    );
    expect(synBacklog).toContainEqual(
      expect.stringMatching(
        /^inject\[0\] \(sysctl\): acts inside the target's own network namespace/,
      ),
    );
    const unnamed = impossibleSteps(await plan('fd-exhaustion', published), {
      ...theirs,
      processKnown: false,
    });
    expect(unnamed[0]).toMatch(
      /^inject\[0\] \(nofile\): acts on the target's process, .* give --target-pid PID --allow-process-changes/,
    );
  });

  it('the reference target behaving as published, started by the drill: its unread settings', async () => {
    const asPublished = await plan('packet-loss', { asPublished: 'all' });
    const lines = impossibleSteps(asPublished, { ...theirs, startedByDrill: true });
    expect(lines[0]).toMatch(
      /^target\.env: the reference TickStorm behaving as published does not read CONNECTION_TIMEOUT/,
    );
  });
});
