// `chaos doctor` tells the truth about what is installed: hide prometheus from PATH
// and it must say so, with the fix.

import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { probeContainerEngine } from '../../src/stack/containers/container-engine.js';
import { runChaos } from '../helpers/run-chaos.js';

// The container section says what the provider itself would find, asked the same way.
const engine = await probeContainerEngine();

function pathWithout(hidden: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-path-'));
  for (const tool of ['prlimit', 'ip', 'nft', 'setpriv', 'sh', 'true']) {
    if (hidden.includes(tool)) continue;
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) symlinkSync(found, join(dir, tool));
  }
  return dir;
}

describe('chaos doctor', () => {
  it('reports prometheus and promtool missing, with the fix, when PATH hides them', async () => {
    const run = await runChaos(['doctor'], {
      env: { PATH: pathWithout(['prometheus', 'promtool']) },
    });
    expect(run.stdout).toMatch(
      /MISSING prometheus: not found in \.tools\/bin or on PATH\n\s+fix: sudo apt-get install prometheus/,
    );
    expect(run.stdout).toMatch(/MISSING promtool/);
    expect(run.stdout).toMatch(
      /MISSING alertmanager: not found in \.tools\/bin or on PATH\n\s+fix: sudo apt-get install prometheus-alertmanager/,
    );
    expect(run.stdout).toMatch(/MISSING amtool/);
    expect(run.stdout).toMatch(/Not ready/);
    expect(run.code).toBe(1);
  });

  it('reports everything present on a machine set up by `npm run setup`', async () => {
    const run = await runChaos(['doctor']);
    expect(run.stdout).toMatch(/ok\s+prometheus: \/\S+prometheus: prometheus, version 2\./);
    expect(run.stdout).toMatch(/ok\s+toxiproxy-server: .*version 2\.12\.0/);
    expect(run.stdout).toMatch(/ok\s+alertmanager: \/\S+: alertmanager, version 0\.25\./);
    expect(run.code).toBe(0);
  });

  it(`says whether --provider docker could run here, without making the machine not ready (${engine.ok ? 'an engine answers' : 'no engine answers'})`, async () => {
    const run = await runChaos(['doctor']);
    expect(run.stdout).toMatch(
      /^Containers \(--provider docker; the default drills do not need them\)$/m,
    );
    if (engine.ok) {
      expect(run.stdout).toMatch(
        /ok\s+container engine \(--provider docker\): .+ engine \S+ at \S+/,
      );
      // Setup pulls or builds every image the provider names.
      for (const image of [
        'ghcr.io/shopify/toxiproxy:2.12.0',
        'prom/prometheus:v2.42.0',
        'prom/alertmanager:v0.25.0',
      ])
        expect(run.stdout).toContain(`ok      image ${image}: here`);
    } else {
      expect(run.stdout).toMatch(
        /n\/a\s+container engine \(--provider docker\): .+\n\s+fix: start Docker/,
      );
      expect(run.stdout).not.toMatch(/image prom\//);
    }
    expect(run.stdout).toMatch(/fault nftables packet drops in a container: /);
    expect(run.code).toBe(0);
  });
});
