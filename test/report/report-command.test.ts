// `chaos report` as a user runs it: a real child process re-rendering a saved journal.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChaos } from '../helpers/run-chaos.js';
import { sampleRun } from './support/sample-run.js';

function savedJournal(): { dir: string; journal: string } {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-report-cmd-'));
  const journal = join(dir, 'journal.json');
  writeFileSync(journal, JSON.stringify(sampleRun(), null, 2));
  return { dir, journal };
}

describe('chaos report (real CLI process)', () => {
  it('writes every format next to the journal by default', async () => {
    const { dir, journal } = savedJournal();
    const result = await runChaos(['report', journal]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ['journal.json', 'junit.xml', 'summary.md', 'report.html']) {
      expect(existsSync(join(dir, name))).toBe(true);
      expect(result.stdout).toContain(`wrote ${join(dir, name)}`);
    }
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('class="drill-chart"');
    expect(JSON.parse(readFileSync(journal, 'utf8'))).toEqual(sampleRun());
  });

  it('writes one format into --out', async () => {
    const { journal } = savedJournal();
    const out = join(mkdtempSync(join(tmpdir(), 'chaos-report-out-')), 'nested');
    const result = await runChaos(['report', journal, '--format', 'md', '--out', out]);
    expect(result.code).toBe(0);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  });

  it('exits 2 naming the file for a missing file, bad JSON and a file that is not a journal', async () => {
    const { dir } = savedJournal();
    const missing = join(dir, 'missing.json');
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"runId":');
    const notJournal = join(dir, 'other.json');
    writeFileSync(notJournal, JSON.stringify({ runId: 'x', drills: 'none' }));
    const cases: [string, RegExp][] = [
      [missing, /missing\.json: no such file; expected the journal\.json/],
      [notJson, /broken\.json: not valid JSON/],
      [notJournal, /other\.json: not a run journal: startedAt: expected string, found undefined/],
    ];
    for (const [file, message] of cases) {
      const result = await runChaos(['report', file]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
