import { describe, expect, it } from 'vitest';
import { SessionAgeClose } from './session-age-close.js';

describe('SessionAgeClose', () => {
  it('is due HEARTBEAT_TIMEOUT after the ACK, whatever came since', () => {
    const age = new SessionAgeClose(1000, 20_000, '');
    expect(age.due(20_999)).toBe(false);
    expect(age.due(21_000)).toBe(true);
  });

  it("logs the published handler's ERROR line", () => {
    const line = new SessionAgeClose(0, 20_000, 'connection_id=c remote_addr=r').logLine(
      12_000,
      20_000,
    );
    expect(line).toMatch(
      /^ERROR heartbeat timeout - closing connection connection_id=c remote_addr=r last_heartbeat=\d{4}-\d\d-\d\dT[\d:.]+Z timeout=20s time_since_last=8s$/,
    );
  });
});
