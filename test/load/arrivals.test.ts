// The open model's arrival count, measured by the target itself: the target's own
// tick_storm_total_connections_total must have grown by the number of arrivals the
// profile asks for (loosely: the count is what matters, never when they came).

import { afterEach, describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../src/load/profile/profile.js';
import { type RunningLoad, startLoad } from '../../src/load/start-load.js';
import { type RunningTarget, startTarget } from '../../src/tickstorm/target.js';
import { sampleValue, scrape } from '../tickstorm/scrape.js';

let target: RunningTarget | undefined;
let load: RunningLoad | undefined;

afterEach(async () => {
  await load?.stop();
  await target?.close();
  load = undefined;
  target = undefined;
});

async function targetConnections(): Promise<number> {
  const families = await scrape(target!.metricsUrl);
  return (
    sampleValue(families, 'tick_storm_total_connections_total', { instance_id: 'arrivals' }) ?? NaN
  );
}

describe('open model arrivals, counted by the target', () => {
  it('constant-arrival-rate: rate × duration new sessions, each completed', async () => {
    target = await startTarget({ port: 0, metricsPort: 0, healthPort: 0, instanceId: 'arrivals' });
    const before = await targetConnections();
    const profile = normalizeProfile(
      {
        executor: 'constant-arrival-rate',
        rate: 40,
        timeUnit: '1s',
        duration: '3s',
        preAllocatedVUs: 200,
        lifetime: '300ms',
        gracefulStop: '10s',
      },
      'arrivals',
    );
    load = await startLoad({ address: target.streamAddress, profile });
    const summary = await load.done;

    expect(summary.started).toBe(120); // the schedule's own count is exact
    expect(summary.skipped).toBe(0);
    expect(summary.droppedTotal).toBe(0);
    const seen = (await targetConnections()) - before;
    expect(seen).toBeGreaterThanOrEqual(114);
    expect(seen).toBeLessThanOrEqual(126);
  });

  it('ramping-arrival-rate with poisson arrivals: about the area under the rate', async () => {
    target = await startTarget({ port: 0, metricsPort: 0, healthPort: 0, instanceId: 'arrivals' });
    const before = await targetConnections();
    const profile = normalizeProfile(
      {
        startRate: 0,
        stages: [
          { duration: '2s', target: 60 },
          { duration: '1s', target: 60 },
        ],
        arrivals: 'poisson',
        lifetime: '200ms',
        gracefulStop: '10s',
        seed: 5,
      },
      'arrivals',
    );
    load = await startLoad({ address: target.streamAddress, profile });
    const summary = await load.done;

    // 2 s ramping 0→60/s is 60 arrivals, then 1 s at 60/s: 120 expected; Poisson ±5σ ≈ ±55.
    const seen = (await targetConnections()) - before;
    expect(seen).toBe(summary.started);
    expect(seen).toBeGreaterThan(65);
    expect(seen).toBeLessThan(175);
    expect(summary.droppedTotal).toBe(0);
  });

  it('skips arrivals past maxVUs instead of opening them (k6 dropped iterations)', async () => {
    target = await startTarget({ port: 0, metricsPort: 0, healthPort: 0, instanceId: 'arrivals' });
    const before = await targetConnections();
    const profile = normalizeProfile(
      {
        executor: 'constant-arrival-rate',
        rate: 20,
        duration: '2s',
        preAllocatedVUs: 5,
        maxVUs: 5,
        lifetime: '1m',
        gracefulStop: '0s',
      },
      'arrivals',
    );
    load = await startLoad({ address: target.streamAddress, profile });
    const summary = await load.done;
    expect(summary.started).toBe(5);
    expect(summary.skipped).toBe(35);
    // Their 1 m lifetime outlasts the run (gracefulStop 0s): cut short, not completed.
    expect(summary).toMatchObject({ completed: 0, interrupted: 5 });
    expect((await targetConnections()) - before).toBe(5);
  });
});
