// A report folder that fills up mid-run (a tmpfs of 40 KiB: room for the drill's own
// small files, not for its journal or HTML report): the drill still ends with its
// verdict and rolls back, but the run is an error, exit 3, and the console says what
// could not be written and which reports exist. Needs root, to mount the tmpfs.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerFiles, runChaos } from '../helpers/run-chaos.js';

const root = process.getuid?.() === 0;
const mountPoint = mkdtempSync(join(tmpdir(), 'chaos-full-'));

afterAll(() => {
  if (root) execFileSync('umount', [mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});

describe.skipIf(!root)(
  'a report folder that fills up (real processes; skipped unless root, which can mount a tmpfs)',
  { timeout: 300_000 },
  () => {
    it('ends the run as an error, exit 3, naming what was not written and what was', async () => {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40k', 'tmpfs', mountPoint]);
      const run = await runChaos(['run', 'fd-exhaustion', '--profile', 'ci'], {
        reportRoot: mountPoint,
      });
      const output = run.stdout + run.stderr;
      expect(run.code, output.slice(-3000)).toBe(3);
      const [folder] = readdirSync(mountPoint);
      const exist = readdirSync(join(mountPoint, folder!)).filter((f) => !f.includes('.partial'));
      // The drill itself passed and rolled back; only its evidence is incomplete.
      expect(output).toMatch(/fd-exhaustion: PASS in /);
      expect(output).toMatch(/ERROR: report not written: journal\.json: ENOSPC/);
      const reports = ['junit.xml', 'summary.md', 'journal.json', 'report.html'].filter((f) =>
        exist.includes(f),
      );
      expect(reports).not.toContain('journal.json');
      const said =
        reports.length > 0 ? `only ${reports.join(', ')} written` : 'no report was written';
      expect(output).toContain(said);
      expect(output).toMatch(/exit code 3; reports in /);
      expect(ledgerFiles(run.stateDir)).toEqual([]);
    });
  },
);
