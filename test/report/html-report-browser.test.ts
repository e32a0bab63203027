// report.html from real drills, opened from disk in a real browser (Debian's chromium):
// the chart has drawn both series, the threshold, the phases and the markers; nothing
// but the file itself is loaded; no console errors; a failed drill shows its failure
// and the diagnosis tree. Screenshots go to reports/test-artifacts/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result/run-result.js';
import { readJournal, runChaos, runFolder } from '../helpers/run-chaos.js';
import {
  artifactPath,
  canvasPixels,
  launchBrowser,
  openPage,
  SERIES_COLORS,
  type Browser,
  type WatchedPage,
} from './support/browser.js';

const DRILL_BOUND_MS = 280_000;

async function openReport(browser: Browser, file: string): Promise<WatchedPage> {
  const watched = await openPage(browser);
  await watched.page.goto(pathToFileURL(file).href);
  await watched.page.waitForSelector('.drill-chart[data-drawn="true"]', { timeout: 30_000 });
  return watched;
}

let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
});

describe('report.html of a passing fd-exhaustion drill (real drill, real browser)', () => {
  let file = '';
  let journal: RunResult;
  let report: WatchedPage;

  beforeAll(async () => {
    const run = await runChaos(['run', 'fd-exhaustion', '--profile', 'ci'], {
      timeoutMs: DRILL_BOUND_MS,
    });
    expect(run.code, `chaos run failed:\n${run.stderr.slice(-4000)}`).toBe(0);
    journal = readJournal(run.reportRoot);
    file = join(runFolder(run.reportRoot), 'report.html');
    browser = await launchBrowser();
    report = await openReport(browser, file);
  }, DRILL_BOUND_MS + 60_000);

  it('is one file that loads nothing else and logs no errors', () => {
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/);
    expect(report.requests.filter((url) => !url.startsWith('data:'))).toEqual([
      pathToFileURL(file).href,
    ]);
    expect(report.consoleErrors).toEqual([]);
  });

  it('draws both drop-rate series and the threshold line on the canvas', async () => {
    const pixels = await canvasPixels(report.page, '.drill-chart', SERIES_COLORS);
    expect(pixels.drawn).toBeGreaterThan(5000);
    expect(pixels.byColor.server).toBeGreaterThan(100);
    expect(pixels.byColor.client).toBeGreaterThan(100);
    expect(pixels.byColor.threshold).toBeGreaterThan(50);
    const legend = await report.page.locator('.u-legend .u-series th').allTextContents();
    expect(legend.join('|')).toContain('server-observed drop rate');
    expect(legend.join('|')).toContain('client-observed drop rate');
    expect(legend.join('|')).toContain('threshold 0.5 %');
    const chart = report.page.locator('.drill-chart');
    expect(await chart.getAttribute('data-threshold')).toBe('0.5');
    expect(Number(await chart.getAttribute('data-points'))).toBe(
      journal.drills[0]!.timeline.length,
    );
  });

  it('shades the five phases and draws the eight markers (with the page sent and resolved)', async () => {
    const chart = report.page.locator('.drill-chart');
    expect(Number(await chart.getAttribute('data-drawn-markers'))).toBe(8);
    expect(Number(await chart.getAttribute('data-drawn-bands'))).toBeGreaterThanOrEqual(5);
    const bands = await report.page
      .locator('.chart-key [data-band]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-band')));
    expect(bands).toEqual(['baseline', 'fault', 'remediation', 'verification', 'rollback']);
    const markers = await report.page
      .locator('.chart-key [data-marker]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-marker')));
    expect(markers).toEqual([
      'faultApplied',
      'alertPending',
      'alertFiring',
      'pageSent',
      'remediationApplied',
      'verificationPassed',
      'alertResolved',
      'pageResolved',
    ]);
  });

  it('shows every check passing, how the fault was applied, the rollback and the rules', async () => {
    const { page } = report;
    const outcomes = await page
      .locator('section.check')
      .evaluateAll((items) =>
        items.map(
          (item) => `${item.getAttribute('data-step')}=${item.getAttribute('data-outcome')}`,
        ),
      );
    expect(outcomes).toEqual([
      'preflight=pass',
      'baseline=pass',
      'inject=pass',
      'expect=pass',
      'page=pass',
      'remediate=pass',
      'verify=pass',
      'resolved-page=pass',
      'rollback=pass',
    ]);
    expect(await page.locator('table.actions').innerText()).toContain('prlimit --pid');
    expect(await page.locator('pre.rules').innerText()).toContain(
      'alert: TickStormConnectionDropRate',
    );
    expect(await page.locator('table.rollback tr[data-outcome="reverted"]').count()).toBe(
      journal.drills[0]!.rollback.length,
    );
  });

  it('fits a laptop screen and prints on white', async () => {
    const { page } = report;
    await page.screenshot({ path: artifactPath('report-pass.png') });
    await page.screenshot({ path: artifactPath('report-pass-full.png'), fullPage: true });
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await page.emulateMedia({ media: 'print' });
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(255, 255, 255)');
    await page.pdf({ path: artifactPath('report-pass.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
  });
});

describe('report.html of a drill that fails in preflight (published rule)', () => {
  it(
    'shows the failure and the diagnosis tree',
    async () => {
      const run = await runChaos(
        [
          'run',
          'fd-exhaustion',
          '--profile',
          'ci',
          '--rules',
          'rules/tickstorm-published.rules.yml',
        ],
        { timeoutMs: DRILL_BOUND_MS },
      );
      expect(run.code, run.stderr.slice(-4000)).toBe(1);
      browser ??= await launchBrowser();
      const report = await openReport(browser, join(runFolder(run.reportRoot), 'report.html'));
      const { page } = report;
      expect(await page.locator('header').getAttribute('data-run-outcome')).toBe('fail');
      expect(await page.locator('.verdict.fail').innerText()).toContain('cannot fire');
      expect(
        await page.locator('section.check[data-step="preflight"]').getAttribute('data-outcome'),
      ).toBe('fail');
      expect(
        await page.locator('section.check[data-step="verify"]').getAttribute('data-outcome'),
      ).toBe('not-run');
      const diagnosis = await page
        .locator('section.check[data-step="preflight"] pre.diagnosis')
        .innerText();
      expect(diagnosis.split('\n').length).toBeGreaterThan(3);
      expect(diagnosis).toContain('series vanish');
      expect(report.consoleErrors).toEqual([]);
      await page.locator('section.check[data-step="preflight"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('report-fail-preflight.png') });
    },
    DRILL_BOUND_MS + 60_000,
  );
});
