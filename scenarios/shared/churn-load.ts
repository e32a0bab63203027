// The load most drills share: sessions churning through Toxiproxy, at runbook scale.
// 20 new sessions a second, each held 40 s to 2 min (4 to 12 s in ci), so a 5-minute
// rule window (30 s in ci) sees thousands (hundreds) of connections. Heartbeats are paced
// to the target's expected interval (no closer than 7.5 s of its 15 s; the plan fills it in).

import type { ProfileInput } from '../../src/load/profile/profile-types.js';

export function churnLoad(seed: number): ProfileInput {
  return {
    executor: 'constant-arrival-rate',
    rate: 20,
    timeUnit: '1s',
    duration: '4h',
    preAllocatedVUs: 200,
    lifetime: { kind: 'uniform', min: '40s', max: '2m' },
    heartbeatInterval: '5s',
    pongTimeout: '3s',
    seed,
  };
}
