// `chaos doctor` tells the truth about what is installed: hide prometheus from PATH
// and it must say so, with the fix.

import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runChaos } from '../helpers/run-chaos.js';

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
});
