// What a user or the machine does to a running drill, through the real CLI, three
// drills at once: Ctrl-C pressed three times (the second says what is still being
// undone, the third exits and leaves it to `chaos rollback`); a reader that goes away
// (stdout and stderr closed, as `chaos run | head` does); a report folder that fills up
// (a tmpfs of 40 KiB, mounted as root: room for the drill's small files, not for its
// journal), which makes the run an error, exit 3, naming what was and was not written.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerFiles, readJournal, runChaos, startChaos } from '../helpers/run-chaos.js';

const root = process.getuid?.() === 0;
const mountPoint = mkdtempSync(join(tmpdir(), 'chaos-full-'));

afterAll(() => {
  if (root) execFileSync('umount', [mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});

describe(
  'a running drill survives its user and its machine (real processes)',
  { timeout: 300_000 },
  () => {
    it.concurrent(
      'a second Ctrl-C says what is still undone; a third exits and leaves it to `chaos rollback`',
      async () => {
        const folder = mkdtempSync(join(tmpdir(), 'slow-undo-'));
        const run = startChaos(
          ['run', 'test/fixtures/slow-undo/fd-exhaustion-slow-undo.ts', '--profile', 'ci'],
          { env: { SLOW_UNDO_FOLDER: folder } },
        );
        await run.waitForLine(/● faultApplied/, 120_000);
        expect(readdirSync(folder)).toHaveLength(1);
        run.child.kill('SIGINT');
        await run.waitForLine(/SIGINT received; rolling back every fault/, 5_000);
        // The marker's undo (first, as the last change made) takes 12 s: ask while it runs.
        await sleep(4_000);
        run.child.kill('SIGINT');
        await run.waitForLine(/still rolling back: \d+ change\(s\) not yet undone/, 5_000);
        await run.waitForLine(/^chaos: {3}remove \S+marker-\S+ \(slowly\)$/, 5_000);
        run.child.kill('SIGINT');
        const { code, stderr } = await run.done;
        expect(code).toBe(130);
        expect(stderr).toMatch(
          /exiting now, before the rollback finished: \d+ change\(s\) are left/,
        );
        expect(stderr).toMatch(/run `chaos rollback` to undo them/);
        // Left as said: the ledger is kept, the marker is still there.
        expect(ledgerFiles(run.stateDir)).toHaveLength(1);
        expect(readdirSync(folder)).toHaveLength(1);

        const rollback = await runChaos(['rollback'], { env: { CHAOS_STATE_DIR: run.stateDir } });
        expect(rollback.code, rollback.stderr + rollback.stdout).toBe(0);
        expect(rollback.stdout + rollback.stderr).toMatch(/removed \S+marker-\S+ after 12 s/);
        expect(readdirSync(folder)).toEqual([]);
        expect(ledgerFiles(run.stateDir)).toEqual([]);
      },
    );

    it.concurrent(
      'a reader that goes away does not end the drill or change its verdict',
      async () => {
        const run = startChaos(['run', 'fd-exhaustion', '--profile', 'ci']);
        await run.waitForLine(/● faultApplied/, 120_000);
        // As `chaos run … | head` does once it has its lines: every later write fails (EPIPE).
        run.child.stdout!.destroy();
        run.child.stderr!.destroy();
        const { code } = await run.done;
        const journal = readJournal(run.reportRoot);
        expect(journal.drills[0]!.outcome).toBe('pass');
        expect(code).toBe(0);
        expect(existsSync(join(run.reportRoot, journal.runId, 'report.html'))).toBe(true);
        expect(ledgerFiles(run.stateDir)).toEqual([]);
      },
    );

    (root ? it.concurrent : it.concurrent.skip)(
      'a report folder that fills up makes the run an error, exit 3, naming what was not written and what was (root: it mounts a tmpfs)',
      async () => {
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
      },
    );
  },
);
