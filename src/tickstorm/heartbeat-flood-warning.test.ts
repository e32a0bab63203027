import { describe, expect, it } from 'vitest';
import { HeartbeatFloodWarning } from './heartbeat-flood-warning.js';

describe('HeartbeatFloodWarning', () => {
  it('warns for a HEARTBEAT under half the interval after the ACK or the previous one', () => {
    const warning = new HeartbeatFloodWarning(0, 15_000, 'connection_id=c remote_addr=r');
    expect(warning.heartbeat(1200, 1)).toBe(
      'WARN heartbeat flooding detected connection_id=c remote_addr=r time_since_last=1.2s min_interval=7.5s sequence=1',
    );
    // Paced from the early one: 7.5 s later is not a flood.
    expect(warning.heartbeat(8700, 2)).toBeNull();
    expect(warning.heartbeat(16_199, 3)).toMatch(/time_since_last=7.499s .* sequence=3$/);
  });

  it('is quiet for a client that waits half the interval from the start', () => {
    const warning = new HeartbeatFloodWarning(100, 1000, '');
    expect(warning.heartbeat(600, 1)).toBeNull();
    expect(warning.heartbeat(1100, 2)).toBeNull();
  });
});
