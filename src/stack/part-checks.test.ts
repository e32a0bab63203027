import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths.js';
import { nodeCheck } from './part-checks.js';

describe('nodeCheck', () => {
  it("holds Node to package.json's engines minimum, 22.22", () => {
    expect(nodeCheck('20.20.2').ok).toBe(false);
    expect(nodeCheck('22.21.1').ok).toBe(false);
    expect(nodeCheck('22.22.0').ok).toBe(true);
    expect(nodeCheck('26.10.0').ok).toBe(true);
    expect(nodeCheck('20.20.2').fix).toMatch(/^install Node\.js 22\.22 or newer/);
  });

  it('passes both Nodes that setup installs for CI: the minimum is of the engines line', () => {
    const versions = JSON.parse(
      readFileSync(join(projectRoot, 'scripts/node-versions.json'), 'utf8'),
    ) as { lts: string; minimum: string };
    expect(nodeCheck(versions.lts).ok).toBe(true);
    expect(nodeCheck(versions.minimum).ok).toBe(true);
    expect(nodeCheck(versions.minimum).fix).toMatch(
      new RegExp(`Node\\.js ${versions.minimum.split('.')[0]}\\.`),
    );
  });
});
