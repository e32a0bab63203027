// The page's input problems through the real `chaos run`, with real amtool: a config
// Alertmanager refuses, given with a --page-receiver it does not define, exits 2 with
// both problems in one run, in seconds, before anything starts (no run folder, no
// ledger). A refusal on its own is the drill's preflight failure (page.test.ts).

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ledgerFiles, runChaos } from '../helpers/run-chaos.js';

describe('the page config, every problem at once (real CLI, real amtool)', () => {
  it("exits 2 naming Alertmanager's refusal and the missing receiver together", async () => {
    const started = Date.now();
    const run = await runChaos(
      [
        'run',
        'fd-exhaustion',
        '--alertmanager-config',
        'alerting/fixtures/placeholder-url.yml',
        '--page-receiver',
        'nope',
      ],
      { timeoutMs: 60_000 },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `chaos: scenarios/fd-exhaustion.ts: --alertmanager-config: Alertmanager refuses alerting/fixtures/placeholder-url.yml:11: unsupported scheme "" for URL (line 11: - api_url: '\${SLACK_WEBHOOK_URL}')`,
      'chaos: scenarios/fd-exhaustion.ts: --page-receiver: expected a receiver defined in alerting/fixtures/placeholder-url.yml (tickstorm-oncall), got "nope"',
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(readdirSync(run.reportRoot)).toEqual([]);
    expect(ledgerFiles(run.stateDir)).toEqual([]);
  });
});
