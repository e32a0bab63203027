import { describe, expect, it } from 'vitest';
import { doorRefusal } from './door-refusal.js';

const sessions = (started: number, droppedByReason: Record<string, number>) => ({
  started,
  handshakes: 0,
  completed: 0,
  interrupted: 0,
  dropped: Object.values(droppedByReason).reduce((a, b) => a + b, 0),
  droppedByReason,
  examples: {},
});

describe('doorRefusal', () => {
  it('names a drill whose clients were mostly closed before AUTH was answered', () => {
    const text = doorRefusal(
      sessions(320, { closed_without_reply: 288, reset: 4, 'server_error:INVALID_AUTH': 14 }),
      'rewriting source addresses with nftables needs root (CAP_NET_ADMIN)',
    );
    expect(text).toBe(
      'most clients never got in: 302 of 320 sessions were turned away before their handshake finished (closed_without_reply 288, server_error:INVALID_AUTH 14); ' +
        'closed without a reply to AUTH is how a server refuses at the door (a per-address admission limit, a resource guard); ' +
        'the proxied path had one source address: rewriting source addresses with nftables needs root (CAP_NET_ADMIN)',
    );
  });

  it('names a server that accepted the connections and never answered their AUTH', () => {
    const text = doorRefusal(sessions(160, { auth_unanswered: 120, closed_without_reply: 9 }));
    expect(text).toBe(
      'most clients never got in: 129 of 160 sessions were turned away before their handshake finished (auth_unanswered 120, closed_without_reply 9); ' +
        'no reply to AUTH while the connection stayed open is how a server that accepted the connection but never served it looks (a full worker pool, a stalled accept loop)',
    );
  });

  it('says nothing while at least half got in, or when nothing started', () => {
    expect(doorRefusal(sessions(100, { closed_without_reply: 50 }))).toBeNull();
    expect(doorRefusal(sessions(0, {}))).toBeNull();
    expect(doorRefusal(sessions(100, { reset: 90 }))).toBeNull();
  });
});
