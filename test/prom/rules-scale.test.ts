// Integration: scaled rule files are accepted by the real `promtool check rules`.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { parseRulesFile } from '../../src/prom/rules-file.js';
import { scaleRules } from '../../src/prom/rules-scale.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chaos-rules-scale-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function promtoolCheck(text: string, name: string): Promise<{ ok: boolean; output: string }> {
  const path = join(dir, name);
  await writeFile(path, text);
  try {
    const { stdout, stderr } = await run('/usr/bin/promtool', ['check', 'rules', path], {
      timeout: 60_000,
    });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('scaleRules output passes promtool check rules', () => {
  for (const rules of [
    'rules/tickstorm-published.rules.yml',
    'rules/tickstorm-corrected.rules.yml',
  ]) {
    for (const factor of [0.1, 0.02, 0.001, 1]) {
      it(`${rules} at ${factor}`, async () => {
        const file = parseRulesFile(await readFile(join(projectRoot, rules), 'utf8'), rules);
        const scaled = scaleRules(file, factor);
        const result = await promtoolCheck(scaled, `scaled-${factor}.yml`);
        expect(result.output).toContain('SUCCESS: 1 rules found');
        expect(result.ok).toBe(true);
      });
    }
  }

  it('a file with subqueries, offsets, keep_firing_for and a recording rule', async () => {
    const source = `groups:
  - name: g
    interval: 1m
    rules:
      - record: job:x:max_rate5m
        expr: max_over_time(rate(x[5m])[1h:30s] offset 10m)
      - alert: X
        expr: |
          job:x:max_rate5m
            > 2 * avg_over_time(job:x:max_rate5m[1d] @ end())
        for: 15m
        keep_firing_for: 5m
`;
    const scaled = scaleRules(parseRulesFile(source, 'g.yml'), 0.1);
    expect(scaled).toContain('max_over_time(rate(x[30s])[6m:3s] offset 1m)');
    expect(scaled).toContain('avg_over_time(job:x:max_rate5m[144m] @ end())');
    expect(scaled).toContain('keep_firing_for: 30s');
    const result = await promtoolCheck(scaled, 'subqueries.yml');
    expect(result.output).toContain('SUCCESS: 2 rules found');
  });

  it('promtool really rejects a broken file (the check can fail)', async () => {
    const result = await promtoolCheck(
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[5m]) by (a)\n',
      'broken.yml',
    );
    expect(result.ok).toBe(false);
  });
});
