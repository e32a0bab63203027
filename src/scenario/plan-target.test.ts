// What the plan knows of its target: which settings it reads (and so which steps get
// refused), and the heartbeat interval the clients pace themselves to, which the drill
// knows only for a target it starts.

import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from './load-scenario.js';
import { planDrill } from './plan.js';
import { resolveScenarioFile } from './scenario-files.js';
import { timeProfile } from './time-profile.js';

const time = timeProfile({ profile: 'ci' });
const plan = async (name: string, options: Parameters<typeof planDrill>[1] = { time }) =>
  planDrill(await loadScenarioFile(resolveScenarioFile(name)), options);
const pacing = (p: Awaited<ReturnType<typeof plan>>) =>
  p.load.scenarios.map((s) => s.session.serverHeartbeatIntervalMs);

describe("the plan's target", () => {
  it('paces the clients to the interval a drill-started target expects, never above its timeout', async () => {
    expect(pacing(await plan('fd-exhaustion'))).toEqual([15_000]);
    // packet-loss's target: HEARTBEAT_INTERVAL_MS 5000 and a 5.5 s CONNECTION_TIMEOUT.
    expect(pacing(await plan('packet-loss'))).toEqual([5000]);
  });

  it('does not pace for a target the drill did not start (its settings are not known)', async () => {
    const external = await plan('fd-exhaustion', { time, targetProfile: 'tickstorm-published' });
    expect(pacing(external)).toEqual([null]);
    expect(external.target.name).toBe('the published TickStorm');
  });

  it('reads, as published, only the published settings the reference target knows', async () => {
    const asPublished = await plan('fd-exhaustion', { time, asPublished: 'all' });
    expect(asPublished.target.name).toBe('the reference TickStorm behaving as published');
    expect(asPublished.target.settings).toContain('HEARTBEAT_TIMEOUT_MS');
    for (const name of ['HEARTBEAT_TIMEOUT', 'CONNECTION_TIMEOUT', 'KEEPALIVE_INTERVAL'])
      expect(asPublished.target.settings).not.toContain(name);
    expect(asPublished.target.signals).toEqual([]);
    const reference = await plan('fd-exhaustion', { time, asPublished: 'all,-published-settings' });
    expect(reference.target.signals).toEqual(['SIGHUP']);
  });
});
