// A client that ends its session closes in the quiet right after a DATA_BATCH. Through
// Toxiproxy (no half-close), a FIN that arrives while the server is writing makes
// Toxiproxy close its upstream socket with that batch unread, which the kernel turns into
// a reset: the server counts a drop no client saw. Without this rule (measured, 500 closes
// against a server writing every 100 ms): 1 to 5 resets in each of 11 runs.
//
// The rule holds while the close travels (client read, close, Toxiproxy's close upstream)
// faster than one cadence. Against a server writing every 10 ms a busy machine broke that:
// 1 or 2 resets in 3 of 12 runs, six at once beside three busy loops, and once in CI. At
// 100 ms the same contention gave 0 in 12; the real servers write a batch a second.
// `npm run bench:quiet-close` prints the figures, with and without the rule.

import { afterEach, describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../src/load/profile/profile.js';
import { startLoad } from '../../src/load/start-load.js';
import { startTarget } from '../../src/tickstorm/target.js';
import { ToxiproxyServer } from '../helpers/toxiproxy.js';
import { startStreamingServer } from './support/streaming-server.js';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe('closing a session between batches (real Toxiproxy)', { timeout: 120_000 }, () => {
  it('500 clean closes through Toxiproxy against a server writing every 100 ms: no reset', async () => {
    const server = await startStreamingServer(100);
    cleanups.push(() => server.close());
    const toxiproxy = await ToxiproxyServer.start();
    cleanups.push(() => toxiproxy.stop());
    const listen = await toxiproxy.createProxy('stream', server.address);
    const profile = normalizeProfile(
      {
        rate: 50,
        duration: '10s',
        preAllocatedVUs: 500,
        lifetime: { kind: 'uniform', min: '200ms', max: '700ms' },
        heartbeatInterval: 'off',
        gracefulStop: '5s',
      },
      'quiet-close',
    );
    const load = await startLoad({ address: listen, profile });
    cleanups.push(() => load.stop());
    const summary = await load.done;
    expect(summary).toMatchObject({ started: 500, completed: 500, droppedTotal: 0 });
    await server.allEnded(500, 10_000); // the last closes land
    expect(server.ended).toEqual({ fin: 500, reset: 0, other: {} });
  });

  it('keeps heartbeating while it waits for its quiet moment, so a tight server timeout never fires', async () => {
    // The server closes after 1.2 s without a HEARTBEAT; the clients beat every second and
    // may wait up to 1.25 s for a batch once their lifetime is up.
    const target = await startTarget({
      port: 0,
      metricsPort: 0,
      healthPort: 0,
      heartbeatTimeoutMs: 1_200,
    });
    cleanups.push(() => target.close());
    const profile = normalizeProfile(
      {
        rate: 20,
        duration: '4s',
        preAllocatedVUs: 200,
        lifetime: { kind: 'uniform', min: '1500ms', max: '3s' },
        heartbeatInterval: '1s',
        pongTimeout: '500ms',
        gracefulStop: '10s',
      },
      'quiet-heartbeat',
    );
    const load = await startLoad({ address: target.streamAddress, profile });
    cleanups.push(() => load.stop());
    const summary = await load.done;
    expect(summary).toMatchObject({ started: 80, completed: 80, droppedTotal: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(target.stats()).toMatchObject({ accepted: 80, dropped: 0 });
  });
});
