// Every drop reason provoked for real and classified: the reference target stopped or
// misconfigured, a real toxiproxy-server between client and target, a listener that
// never accepts, and a server that breaks the protocol, never answers AUTH or closes every
// session at one age (which the ages at close must show). Each session ends exactly once.

import { afterEach, describe, expect, it } from 'vitest';
import { agesAtClose } from '../../src/load/metrics/ages-at-close.js';
import type { ProfileInput } from '../../src/load/profile/profile-types.js';
import { normalizeProfile } from '../../src/load/profile/profile.js';
import type { LoadSummary } from '../../src/load/metrics/progress.js';
import { type RunningLoad, startLoad } from '../../src/load/start-load.js';
import { type StartTargetOptions, startTarget } from '../../src/tickstorm/target.js';
import { ToxiproxyServer, type ToxicSpec } from '../helpers/toxiproxy.js';
import { waitFor } from '../tickstorm/wait-for.js';
import {
  FIXED_AGE_MS,
  type Misbehaviour,
  startMisbehavingServer,
} from './support/misbehaving-server.js';
import { startStalledListener } from './support/stalled-listener.js';

type Address = { host: string; port: number };
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function target(options: StartTargetOptions = {}) {
  const running = await startTarget({ port: 0, metricsPort: 0, healthPort: 0, ...options });
  cleanups.push(() => running.close());
  return running;
}

async function toxiproxyIn(front: Address, toxic?: ToxicSpec) {
  const server = await ToxiproxyServer.start();
  cleanups.push(() => server.stop());
  const listen = await server.createProxy('tickstorm', front);
  if (toxic) await server.addToxic('tickstorm', 'fault', toxic);
  return { server, listen };
}

/** `sessions` VUs that never reconnect, so each opens exactly one session. */
async function startSessions(
  address: Address,
  sessions: number,
  extra: ProfileInput = {},
): Promise<RunningLoad> {
  const profile = normalizeProfile(
    { vus: sessions, duration: '10m', lifetime: '10m', reconnect: false, ...extra },
    'test',
  );
  const load = await startLoad({ address, profile });
  cleanups.push(() => load.stop());
  return load;
}

async function droppedSummary(load: RunningLoad, sessions: number): Promise<LoadSummary> {
  await waitFor(`${sessions} sessions to drop`, () => load.progress().droppedTotal >= sessions, {
    boundMs: 30_000,
  });
  const summary = await load.stop();
  expect(summary.started).toBe(sessions);
  expect(summary.completed).toBe(0);
  return summary;
}

const closedByPeer = (load: RunningLoad) => load.progress().dropped.closed_by_peer ?? 0;

async function streaming(load: RunningLoad, sessions: number): Promise<void> {
  await waitFor(`${sessions} sessions streaming`, () => load.progress().handshakes >= sessions, {
    boundMs: 30_000,
  });
}

describe('drop reasons, provoked for real', () => {
  it('refused: the target was stopped', async () => {
    const stopped = await startTarget({ port: 0, metricsPort: 0, healthPort: 0 });
    const address = stopped.streamAddress;
    await stopped.close();
    const summary = await droppedSummary(await startSessions(address, 3), 3);
    expect(summary.dropped).toEqual({ refused: 3 });
    expect(summary.handshakes).toBe(0);
  });

  it('closed_without_reply: a Toxiproxy reset_peer toxic resets before AUTH is answered', async () => {
    const { streamAddress } = await target();
    // reset_peer swallows what passes until its timeout, then resets: the client is still
    // waiting for its AUTH ACK, as when a server refuses at the door. It only sets
    // SO_LINGER 0 on links opened while it is in place; added to an open link it closes
    // with a FIN instead (that case is closed_by_peer, below).
    const { listen } = await toxiproxyIn(streamAddress, {
      type: 'reset_peer',
      attributes: { timeout: 200 },
    });
    const summary = await droppedSummary(await startSessions(listen, 3), 3);
    expect(summary.dropped).toEqual({ closed_without_reply: 3 });
  });

  it('reset: the server resets a streaming session', async () => {
    const server = await startMisbehavingServer('reset_after_subscribe');
    cleanups.push(() => server.close());
    const summary = await droppedSummary(await startSessions(server.address, 2), 2);
    expect(summary.dropped).toEqual({ reset: 2 });
  });

  it('pong_timeout: a timeout toxic swallows the PONGs of streaming sessions', async () => {
    const { streamAddress } = await target();
    const { server, listen } = await toxiproxyIn(streamAddress);
    const load = await startSessions(listen, 3, {
      heartbeatInterval: '600ms',
      pongTimeout: '300ms',
      dataStallAfter: 10,
    });
    await streaming(load, 3);
    await server.addToxic('tickstorm', 'fault', { type: 'timeout', attributes: { timeout: 0 } });
    const summary = await droppedSummary(load, 3);
    expect(summary.dropped).toEqual({ pong_timeout: 3 });
  });

  it('data_stall: a timeout toxic stops the DATA_BATCHes before any heartbeat is due', async () => {
    const { streamAddress } = await target();
    const { server, listen } = await toxiproxyIn(streamAddress);
    const load = await startSessions(listen, 3, {
      heartbeatInterval: '1m',
      pongTimeout: '5s',
      dataStallAfter: 2,
    });
    await streaming(load, 3);
    await server.addToxic('tickstorm', 'fault', { type: 'timeout', attributes: { timeout: 0 } });
    const summary = await droppedSummary(load, 3);
    expect(summary.dropped).toEqual({ data_stall: 3 });
  });

  it('closed_by_peer: a limit_data toxic closes streaming sessions', async () => {
    const { streamAddress } = await target();
    const { listen } = await toxiproxyIn(streamAddress, {
      type: 'limit_data',
      attributes: { bytes: 2_500 },
    });
    const load = await startSessions(listen, 3);
    const summary = await droppedSummary(load, 3);
    expect(summary.dropped).toEqual({ closed_by_peer: 3 });
    expect(summary.handshakes).toBe(3); // they got through the handshake, then lost the stream
  });

  it('closed_by_peer at a fixed age: every session closed 2 s after its AUTH ACK (two worker processes)', async () => {
    const server = await startMisbehavingServer('close_at_fixed_age');
    cleanups.push(() => server.close());
    // Lifetimes longer than the server's close and spread over 3–8 s, heartbeats answered:
    // nothing the clients do decides when their sessions end.
    const profile = normalizeProfile(
      {
        vus: 6,
        duration: '10m',
        lifetime: { kind: 'uniform', min: '3s', max: '8s' },
        heartbeatInterval: '500ms',
        pongTimeout: '400ms',
        reconnect: { initialDelay: '50ms', maxDelay: '100ms' },
      },
      'test',
    );
    const load = await startLoad({ address: server.address, profile, workers: 2 });
    cleanups.push(() => load.stop());
    await waitFor('10 sessions closed by the server', () => closedByPeer(load) >= 10, {
      boundMs: 60_000,
    });
    const summary = await load.stop();
    expect(Object.keys(summary.dropped)).toEqual(['closed_by_peer']);
    expect(summary.completed).toBe(0);
    const ages = agesAtClose(summary.dropAges.closed_by_peer!);
    expect(ages.count).toBe(summary.dropped.closed_by_peer);
    expect(Math.abs(ages.fixedAt! - FIXED_AGE_MS / 1000)).toBeLessThan(0.1);
    expect(ages.max - ages.min).toBeLessThan(0.5);
  });

  it('server_error:INVALID_AUTH: a wrong password', async () => {
    const { streamAddress } = await target({ username: 'trader', password: 'right' });
    const load = await startSessions(streamAddress, 2, {
      credentials: { username: 'trader', password: 'wrong' },
    });
    const summary = await droppedSummary(load, 2);
    expect(summary.dropped).toEqual({ 'server_error:INVALID_AUTH': 2 });
  });

  it('server_error:HEARTBEAT_TIMEOUT: the client sends no heartbeats', async () => {
    const { streamAddress } = await target({ heartbeatTimeoutMs: 1_000 });
    const load = await startSessions(streamAddress, 3, { heartbeatInterval: 'off' });
    const summary = await droppedSummary(load, 3);
    expect(summary.dropped).toEqual({ 'server_error:HEARTBEAT_TIMEOUT': 3 });
    expect(summary.handshakes).toBe(3);
  });

  it('server_error:HEARTBEAT_TIMEOUT: the client heartbeats slower than the server allows', async () => {
    const { streamAddress } = await target({ heartbeatTimeoutMs: 1_000 });
    const load = await startSessions(streamAddress, 2, {
      heartbeatInterval: '5s',
      pongTimeout: '1s',
    });
    const summary = await droppedSummary(load, 2);
    expect(summary.dropped).toEqual({ 'server_error:HEARTBEAT_TIMEOUT': 2 });
  });

  it('auth_unanswered: no ACK for AUTH in time (a timeout toxic from the start)', async () => {
    const { streamAddress } = await target();
    const { listen } = await toxiproxyIn(streamAddress, {
      type: 'timeout',
      attributes: { timeout: 0 },
    });
    const load = await startSessions(listen, 2, { handshakeTimeout: '700ms' });
    const summary = await droppedSummary(load, 2);
    expect(summary.dropped).toEqual({ auth_unanswered: 2 });
  });

  it('auth_unanswered: a server that accepts and never answers AUTH (a silent queue)', async () => {
    const server = await startMisbehavingServer('never_answer_auth');
    cleanups.push(() => server.close());
    const load = await startSessions(server.address, 3, { handshakeTimeout: '700ms' });
    const summary = await droppedSummary(load, 3);
    expect(summary.dropped).toEqual({ auth_unanswered: 3 });
    expect(summary.dropExamples.auth_unanswered).toBe(
      'no reply to AUTH within 0.7 s; the connection stayed open',
    );
  });

  it('auth_failed: AUTH answered with a refusal (an ACK with success false)', async () => {
    const server = await startMisbehavingServer('refuse_auth');
    cleanups.push(() => server.close());
    const summary = await droppedSummary(await startSessions(server.address, 2), 2);
    expect(summary.dropped).toEqual({ auth_failed: 2 });
    expect(summary.dropExamples.auth_failed).toMatch(/success false/);
  });

  it('closed_without_reply: the connection closes after AUTH without an answer', async () => {
    const { streamAddress } = await target();
    const { listen } = await toxiproxyIn(streamAddress, {
      type: 'limit_data',
      stream: 'upstream',
      attributes: { bytes: 10 },
    });
    const summary = await droppedSummary(await startSessions(listen, 2), 2);
    expect(summary.dropped).toEqual({ closed_without_reply: 2 });
  });

  it('connect_timeout: the listener never accepts and its backlog is full', async () => {
    const listener = await startStalledListener();
    cleanups.push(() => listener.kill());
    const load = await startSessions(listener.address, 6, {
      connectTimeout: '700ms',
      handshakeTimeout: '700ms',
    });
    const summary = await droppedSummary(load, 6);
    // The first connections land in the accept queue and then wait for an ACK in vain.
    expect(summary.dropped.connect_timeout).toBeGreaterThanOrEqual(1);
    expect((summary.dropped.connect_timeout ?? 0) + (summary.dropped.auth_unanswered ?? 0)).toBe(6);
  });

  it.each<[Misbehaviour, RegExp]>([
    ['sequence_repeat', /batch_sequence repeated: 5 after 5/],
    ['sequence_back', /batch_sequence went back: 4 after 7/],
    ['bad_magic', /bad magic/],
    ['undecodable_batch', /undecodable payload/],
  ])('protocol_error: the server sends %s', async (how, detail) => {
    const server = await startMisbehavingServer(how);
    cleanups.push(() => server.close());
    const summary = await droppedSummary(await startSessions(server.address, 2), 2);
    expect(summary.dropped).toEqual({ protocol_error: 2 });
    expect(summary.dropExamples.protocol_error).toMatch(detail);
  });
});
