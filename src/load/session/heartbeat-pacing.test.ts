import { describe, expect, it } from 'vitest';
import { firstHeartbeatAt, nextHeartbeatAt } from './heartbeat-pacing.js';

describe('heartbeat pacing', () => {
  it("keeps the client's own interval when the server's is unknown", () => {
    const plan = { heartbeatIntervalMs: 5000, serverHeartbeatIntervalMs: null };
    expect(firstHeartbeatAt(1000, 990, plan)).toBe(6000);
    expect(nextHeartbeatAt(6000, plan)).toBe(11_000);
  });

  it("never goes within half the server's interval of the AUTH ACK or the heartbeat before", () => {
    const plan = { heartbeatIntervalMs: 5000, serverHeartbeatIntervalMs: 15_000 };
    expect(firstHeartbeatAt(1000, 990, plan)).toBe(8490);
    expect(nextHeartbeatAt(8490, plan)).toBe(15_990);
    // A client slower than half the server's interval is left alone.
    const slow = { heartbeatIntervalMs: 15_000, serverHeartbeatIntervalMs: 15_000 };
    expect(firstHeartbeatAt(1000, 990, slow)).toBe(16_000);
  });

  it('sends none with heartbeats off', () => {
    expect(
      firstHeartbeatAt(1000, 990, { heartbeatIntervalMs: 0, serverHeartbeatIntervalMs: 15_000 }),
    ).toBe(Infinity);
  });
});
