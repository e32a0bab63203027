// Bad input exits 2 with one line naming the file and the field, and starts nothing.

import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerFiles, runChaos } from '../helpers/run-chaos.js';

const base = {
  name: 'broken',
  description: 'a scenario with one mistake',
  alert: {
    name: 'TickStormConnectionDropRate',
    rules: 'rules/tickstorm-corrected.rules.yml',
    threshold: 0.5,
  },
  load: { rate: 10, duration: '1h', preAllocatedVUs: 10, lifetime: '30s' },
  inject: [{ type: 'nofile', soft: { openFdsPlus: 4 } }],
  remediate: [{ type: 'nofile', soft: 65536 }],
  verify: { query: 'vector(1) < 0.5', within: '15m' },
};

function scenarioFile(patch: (s: typeof base) => unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'bad-scenario-'));
  const file = join(dir, 'broken.ts');
  writeFileSync(file, `export default ${JSON.stringify(patch(structuredClone(base)), null, 2)};\n`);
  return file;
}

describe('invalid scenarios exit 2 before any process starts', () => {
  it.each([
    [
      'a negative nofile limit',
      (s: typeof base) => ({ ...s, inject: [{ type: 'nofile', soft: -3 }] }),
      /inject\[0\]\.soft: expected a positive integer, got -3/,
    ],
    [
      'an unparseable duration',
      (s: typeof base) => ({ ...s, verify: { ...s.verify, within: 'soon' } }),
      /verify\.within: expected a duration like "5m"/,
    ],
    [
      'invalid PromQL',
      (s: typeof base) => ({ ...s, verify: { ...s.verify, query: 'rate(x[5m]) by (a)' } }),
      /verify\.query: expected valid PromQL/,
    ],
    [
      'an alert the rules do not define',
      (s: typeof base) => ({ ...s, alert: { ...s.alert, name: 'NoSuchAlert' } }),
      /alert\.rules .*expected an alert named "NoSuchAlert"/,
    ],
    [
      'an unknown fault type',
      (s: typeof base) => ({ ...s, inject: [{ type: 'meteor' }] }),
      /inject\[0\]\.type: expected one of "nofile", "toxic", "none", .*got "meteor"/,
    ],
  ])('%s', async (_label, patch, message) => {
    const file = scenarioFile(patch);
    const run = await runChaos(['run', file]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('broken.ts: ');
    expect(lines[0]).toMatch(message);
    // Nothing started: no run folder, no ledger.
    expect(readdirSync(run.reportRoot)).toEqual([]);
    expect(ledgerFiles(run.stateDir)).toEqual([]);
  });

  it('a missing scenario file', async () => {
    const run = await runChaos(['run', 'no-such-drill']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/scenarios\/no-such-drill\.ts: no such file/);
  });

  it('a target outside loopback without --allow-remote', async () => {
    const run = await runChaos([
      'run',
      'fd-exhaustion',
      '--target',
      '10.1.2.3:8080',
      '--target-metrics',
      'http://10.1.2.3:9090/metrics',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--target: 10\.1\.2\.3 is outside loopback.*--allow-remote 10\.1\.2\.3/,
    );
  });
});
