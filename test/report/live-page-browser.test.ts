// The live page in a real browser (Debian's chromium) against a real live view server,
// fed game-day events directly: the operator banner with the runbook's remediation and
// a countdown, then the operator's recovery; journal text is shown, never run as markup.

import { afterAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../src/result/events.js';
import { startLiveView, type LiveView } from '../../src/report/live/live-view.js';
import {
  artifactPath,
  launchBrowser,
  openPage,
  waitInPage,
  type Browser,
} from './support/browser.js';

const scenario = 'fd-exhaustion';
const HOSTILE = '<img src=x onerror="window.pwned=1">';

let view: LiveView | null = null;
let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
  await view?.close();
});

describe('live page: game-day operator events (real browser, real live view)', () => {
  it('shows the operator banner with the remediation and a countdown, then the recovery', async () => {
    const events = new EventHub();
    view = await startLiveView({
      events,
      port: 0,
      host: '127.0.0.1',
      thresholds: { [scenario]: 0.5 },
    });
    const now = Date.now();
    events.emit({ type: 'run-start', runId: 'r1', reportDir: '/tmp/r1', drills: [scenario] });
    events.emit({
      type: 'drill-start',
      scenario,
      description: `fd ${HOSTILE}`,
      theoreticalMinimumMs: 1,
    });
    events.emit({
      type: 'phase',
      scenario,
      step: 'expect',
      title: 'wait for the alert to fire',
      boundMs: 68_000,
      at: new Date(now).toISOString(),
    });
    events.emit({
      type: 'awaiting-operator',
      scenario,
      remediation: `## Remediation\n1. Raise the soft nofile limit: prlimit --pid <pid> --nofile=65536:65536\n${HOSTILE}`,
      boundMs: 900_000,
      at: new Date(now).toISOString(),
    });

    browser = await launchBrowser();
    const watcher = await openPage(browser);
    await watcher.page.goto(view.url);
    const banner = watcher.page.locator('[data-operator="awaiting"]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.locator('h2').innerText()).toBe('Operator: apply the remediation now');
    expect(await banner.locator('pre').innerText()).toContain(
      'prlimit --pid <pid> --nofile=65536:65536',
    );
    // The countdown runs against the bound: 15 min minus what has passed.
    await waitInPage(
      watcher.page,
      `/min|s$/.test(document.querySelector('.countdown')?.textContent ?? '')`,
      10_000,
    );
    expect(await banner.locator('.countdown').innerText()).toMatch(/^1[45] min \d+ s$/);
    expect(await watcher.page.locator('img').count()).toBe(0);
    expect(await watcher.page.evaluate('window.pwned === undefined')).toBe(true);
    await watcher.page.screenshot({ path: artifactPath('live-operator-banner.png') });

    events.emit({
      type: 'operator-recovered',
      scenario,
      afterMs: 42_000,
      at: new Date().toISOString(),
    });
    const recovered = watcher.page.locator('[data-operator="recovered"]');
    await recovered.waitFor({ timeout: 10_000 });
    expect(await recovered.innerText()).toContain('recovery seen 42.0 s after the alert fired');
    expect(await banner.count()).toBe(0);
    expect(watcher.consoleErrors).toEqual([]);
  });
});
