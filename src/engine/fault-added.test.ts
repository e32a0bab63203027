import { describe, expect, it } from 'vitest';
import { faultAdded } from './fault-added.js';

const tally = (completed: number, dropped: Record<string, number>) => ({
  started: completed,
  completed,
  interrupted: 0,
  dropped,
});

describe('what the fault added over the baseline', () => {
  it('is nothing when the drops during the fault look like the baseline (the published pool queue)', () => {
    const added = faultAdded(
      { at: '', serverRate: 0, clientRate: 4.1, clients: tally(575, { auth_unanswered: 25 }) },
      { clients: tally(860, { auth_unanswered: 40 }), serverRate: 0 },
      0.5,
    );
    expect(added.rose).toBe(false);
    expect(added.text).toBe(
      'clients 4.17 % before → 4.44 % during the fault (auth_unanswered 25 → 40), server 0.00 % → 0.00 %',
    );
  });

  it('rose on the clients when only they saw the new drops (a cause the server never counts)', () => {
    const added = faultAdded(
      { at: '', serverRate: 0, clientRate: 0, clients: tally(600, {}) },
      { clients: tally(960, { closed_without_reply: 40 }), serverRate: 0 },
      0.5,
    );
    expect(added.clients.rose).toBe(true);
    expect(added.server.rose).toBe(false);
    expect(added.reasons).toEqual([{ reason: 'closed_without_reply', before: 0, during: 40 }]);
  });

  it('rose on the server when its rate crossed the threshold by more than noise', () => {
    const base = { at: '', serverRate: 0.4, clientRate: 0, clients: tally(600, {}) };
    expect(faultAdded(base, { clients: null, serverRate: 0.6 }, 0.5).rose).toBe(false);
    expect(faultAdded(base, { clients: null, serverRate: 3 }, 0.5).server.rose).toBe(true);
  });
});
