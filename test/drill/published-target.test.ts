// fd-exhaustion against the reference target behaving as the published TickStorm, the
// three ways a user can meet it, as three real `chaos run` processes at once:
// - every published habit on: the runbook's counters never move, so preflight ends
//   NO DATA naming them, while the clients (through Toxiproxy and its source pool, past
//   the per-address admission) completed their handshakes;
// - the counters on, every other habit on: the guard never trips and EMFILE is silent,
//   so the server counts nothing while the clients see drops: the alert is blind to this
//   cause, and the remediation is proven on the clients, as in syn-backlog;
// - the counters on and our own guard: the drill passes.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { DrillResult } from '../../src/engine/run-result.js';
import { ledgerFiles, readJournal, runChaos } from '../helpers/run-chaos.js';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const steps = (drill: DrillResult) => drill.steps.map((s) => [s.name, s.outcome]);

async function fdExhaustion(asPublished: string, ...extra: string[]) {
  const run = await runChaos([
    'run',
    'fd-exhaustion',
    '--profile',
    'ci',
    `--as-published=${asPublished}`,
    ...extra,
  ]);
  return { run, drill: readJournal(run.reportRoot).drills[0]! };
}

// The source pool (nftables) needs root; without it the published admission limits
// refuse the clients at the door, which is a different test.
describe.skipIf(!asRoot)(
  'fd-exhaustion against the target as published (real processes)',
  { timeout: 900_000 },
  () => {
    it('NO DATA with frozen counters; blind alert with a fixed-fd guard; pass with our guard', async () => {
      const [frozen, unchecked, blind, ours] = await Promise.all([
        fdExhaustion('all'),
        fdExhaustion('all', '--no-preflight'),
        fdExhaustion('all,-frozen-connection-counters'),
        fdExhaustion('all,-frozen-connection-counters,-fixed-fd-guard'),
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
      expect(seen.dropped).toBe(0);
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

      for (const { run } of [frozen, unchecked, blind, ours])
        expect(ledgerFiles(run.stateDir)).toEqual([]);
      const tables = execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' });
      expect(tables).not.toMatch(/chaos_pool_/);
    });
  },
);
