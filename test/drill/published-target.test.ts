// fd-exhaustion against the reference target behaving as the published TickStorm, the
// ways a user can meet it, as five real `chaos run` processes at once:
// - every published habit on: the runbook's counters never move, so preflight ends
//   NO DATA naming them, while the clients (through Toxiproxy and its source pool, past
//   the per-address admission) completed their handshakes; with --no-preflight, baseline
//   names the query that returned no series;
// (The published server's silent pool queue loses sessions before any fault, which fails
// the baseline: target-not-started.test.ts shows that; here it is off.)
// - the counters on, every other habit on: the guard never trips and EMFILE is silent,
//   so the server counts nothing while the clients see drops: the alert is blind to this
//   cause, and the remediation is proven on the clients, as in syn-backlog;
// - the counters on and our own guard, with the credentials it demands from the
//   environment: the drill passes, and no file it wrote carries the password;
// - the same as an unprivileged user: no source pool, so the clients are refused at the
//   door, and the verdict says that first.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DrillResult } from '../../src/result/run-result.js';
import { type ChaosOptions, ledgerFiles, readJournal, runChaos } from '../helpers/run-chaos.js';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const steps = (drill: DrillResult) => drill.steps.map((s) => [s.name, s.outcome]);

const BELOW_OPEN = 'test/fixtures/scenarios/fd-exhaustion-below-open.ts';
const NOBODY = { uid: 65534, gid: 65534 };
const PASSWORD = 'pw-7f3a9-never-shown';

async function fdExhaustion(
  asPublished: string,
  options: ChaosOptions & { flags?: string[]; scenario?: string } = {},
) {
  const { flags = [], scenario = 'fd-exhaustion', ...chaos } = options;
  const run = await runChaos(
    ['run', scenario, '--profile', 'ci', `--as-published=${asPublished}`, ...flags],
    chaos,
  );
  return { run, drill: readJournal(run.reportRoot).drills[0]! };
}

/** Every file a run wrote, as text. */
function everythingWritten(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

// The source pool (nftables) needs root; without it the published admission limits
// refuse the clients at the door, which is a different test.
describe.skipIf(!asRoot)(
  'fd-exhaustion against the target as published (real processes)',
  { timeout: 900_000 },
  () => {
    it('NO DATA with frozen counters; blind alert with a fixed-fd guard; pass with our guard', async () => {
      const [frozen, unchecked, blind, ours, unprivileged] = await Promise.all([
        fdExhaustion('all'),
        fdExhaustion('all', { flags: ['--no-preflight'] }),
        // The limit below what is open: with no guard, only failed accepts can drop
        // sessions, and this makes them certain whatever the machine's load.
        // Without the silent pool queue, which would fail the baseline before any fault.
        fdExhaustion('all,-frozen-connection-counters,-silent-pool-queue', {
          scenario: BELOW_OPEN,
        }),
        // With credentials the target demands exactly (exact-credentials is on).
        fdExhaustion('all,-frozen-connection-counters,-fixed-fd-guard,-silent-pool-queue', {
          env: { STREAM_USER: 'trader', STREAM_PASS: PASSWORD },
        }),
        // Without root there is no source pool: the admission limits turn the clients away.
        fdExhaustion('all,-frozen-connection-counters,-fixed-fd-guard,-silent-pool-queue', {
          user: NOBODY,
        }),
      ]);

      expect(frozen.run.code).toBe(1);
      expect(frozen.drill.outcome).toBe('no-data');
      expect(steps(frozen.drill)).toEqual([
        ['preflight', 'no-data'],
        ['rollback', 'pass'],
      ]);
      const preflight = frozen.drill.steps[0]!;
      expect(preflight.message).toMatch(/tick_storm_connection_errors_total/);
      expect(preflight.message).toMatch(/tick_storm_total_connections_total/);
      const seen = frozen.drill.clientSessions!;
      expect(seen.handshakes).toBeGreaterThan(50);
      // The only sessions lost are the ones the pool's silent queue left unanswered.
      expect(Object.keys(seen.droppedByReason).filter((r) => r !== 'auth_unanswered')).toEqual([]);
      expect(frozen.drill.stack.proxySources).toMatch(/snat numgen inc/);

      // Without preflight, baseline says the traffic query found no series, never "0".
      const baseline = unchecked.drill.steps.find((s) => s.name === 'baseline')!;
      expect(baseline.outcome).toBe('no-data');
      expect(baseline.message).toMatch(/^the traffic query returned no series/);
      expect(baseline.message).toContain('tick_storm_total_connections_total');
      expect(baseline.evidence).toContainEqual(
        expect.objectContaining({
          kind: 'note',
          text: expect.stringMatching(/^the clients during the baseline \(30\.0 s\): \d+ started/),
        }),
      );

      expect(blind.run.code).toBe(1);
      expect(blind.drill.outcome).toBe('fail');
      expect(blind.drill.alertBlind).toBe(true);
      const expectStep = blind.drill.steps.find((s) => s.name === 'expect')!;
      expect(expectStep.outcome).toBe('fail');
      expect(expectStep.diagnosis).toMatch(/The alert could not see this cause/);
      expect(blind.drill.steps.find((s) => s.name === 'verify')).toMatchObject({
        outcome: 'pass',
        message: expect.stringMatching(/judged on the clients/),
      });
      expect(blind.drill.clientSessions!.dropped).toBeGreaterThan(0);

      expect(ours.run.code).toBe(0);
      expect(ours.drill.outcome).toBe('pass');
      expect(
        ours.drill.clientSessions!.droppedByReason['server_error:INVALID_AUTH'],
      ).toBeUndefined();
      const written = everythingWritten(ours.run.reportRoot) + ours.run.stdout + ours.run.stderr;
      expect(written).toContain('tickstorm');
      expect(written).not.toContain(PASSWORD);

      expect(unprivileged.run.code).toBe(1);
      expect(unprivileged.drill.message).toMatch(
        /^most clients never got in: \d+ of \d+ sessions were turned away before their handshake finished \(closed_without_reply \d+.*\); closed without a reply to AUTH is how a server refuses at the door .*; the proxied path had one source address: rewriting source addresses with nftables needs root .*; so /,
      );
      expect(unprivileged.drill.stack.proxySources).toMatch(/Toxiproxy's one address/);

      for (const { run } of [frozen, unchecked, blind, ours, unprivileged])
        expect(ledgerFiles(run.stateDir)).toEqual([]);
      const tables = execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' });
      expect(tables).not.toMatch(/chaos_pool_/);
    });
  },
);
