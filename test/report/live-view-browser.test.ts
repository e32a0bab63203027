// `chaos run --ui` during a real fd-exhaustion drill, watched from a real browser
// (Debian's chromium): the chart gains points and the phase changes as the drill runs;
// a second watcher that connects mid-run gets the history; closing the first one
// mid-run does not disturb the drill, which still passes; the final verdict shows.

import { afterAll, describe, expect, it } from 'vitest';
import { readJournal, startChaos, type ChaosRun } from '../helpers/run-chaos.js';
import {
  artifactPath,
  launchBrowser,
  openPage,
  waitInPage,
  type Browser,
} from './support/browser.js';

const DRILL_BOUND_MS = 280_000;

let run: ChaosRun | null = null;
let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
  if (run && run.child.exitCode === null && run.child.signalCode === null) {
    // SIGINT: chaos rolls back every fault, then exits.
    run.child.kill('SIGINT');
    await run.done;
  }
});

const points = (page: import('playwright-core').Page) =>
  page.evaluate(
    `Number(document.querySelector('.drill-chart')?.dataset.points ?? 0)`,
  ) as Promise<number>;

describe('live view of a real drill in a real browser', () => {
  it(
    'grows while the drill runs, replays history to a late watcher, survives a closed one, shows the verdict',
    async () => {
      run = startChaos(['run', 'fd-exhaustion', '--profile', 'ci', '--ui', '--ui-port', '0'], {
        timeoutMs: DRILL_BOUND_MS,
      });
      const line = await run.waitForLine(/chaos: live view at http:\/\/127\.0\.0\.1:\d+\//, 60_000);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)![1]!;
      browser = await launchBrowser();

      const first = await openPage(browser);
      await first.page.goto(url);
      await waitInPage(
        first.page,
        `Number(document.querySelector('.drill-chart')?.dataset.points ?? 0) >= 3`,
        90_000,
      );
      const early = await points(first.page);
      const earlyPhase = await first.page.locator('section.drill').getAttribute('data-phase');
      expect(['preflight', 'baseline']).toContain(earlyPhase);

      // The fault is in and the drill waits for the alert: a later phase, more points.
      await first.page.waitForSelector('section.drill[data-phase="expect"]', { timeout: 120_000 });
      await waitInPage(
        first.page,
        `Number(document.querySelector('.drill-chart')?.dataset.points ?? 0) > ${early}`,
        30_000,
      );
      expect(await first.page.locator('.status .alert-state').innerText()).toMatch(
        /inactive|pending|firing/,
      );
      await first.page.screenshot({ path: artifactPath('live-midrun.png') });

      // A second watcher mid-run gets what happened so far before anything new.
      const second = await openPage(browser);
      const firstNow = await points(first.page);
      await second.page.goto(url);
      await waitInPage(
        second.page,
        `Number(document.querySelector('.drill-chart')?.dataset.points ?? 0) >= ${firstNow}`,
        30_000,
      );
      const replayedSteps = await second.page
        .locator('table.steps tr[data-step]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-step')));
      expect(replayedSteps.slice(0, 3)).toEqual(['preflight', 'baseline', 'inject']);
      const replayedMarkers = await second.page
        .locator('ul.markers [data-marker]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-marker')));
      expect(replayedMarkers[0]).toBe('faultApplied');

      // The first watcher leaves mid-run; the drill carries on.
      await first.page.close();

      await second.page.waitForSelector('#verdict[data-outcome]', { timeout: DRILL_BOUND_MS });
      expect(await second.page.locator('#verdict').getAttribute('data-outcome')).toBe('pass');
      expect(await second.page.locator('section.drill').getAttribute('data-outcome')).toBe('pass');
      const finalMarkers = await second.page
        .locator('.chart-key [data-marker]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-marker')));
      expect(finalMarkers).toContain('alertResolved');
      await second.page.screenshot({ path: artifactPath('live-final.png'), fullPage: true });

      const exit = await run.done;
      expect(exit.code, exit.stderr.slice(-4000)).toBe(0);
      expect(readJournal(run.reportRoot).drills[0]!.outcome).toBe('pass');
      await second.page.waitForSelector('#connection[data-state="ended"]', { timeout: 10_000 });
      expect(second.consoleErrors).toEqual([]);
    },
    DRILL_BOUND_MS + 120_000,
  );
});
