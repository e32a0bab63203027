// Debian's chromium driven by playwright-core: never a downloaded browser, a fresh
// empty profile each time, no background traffic. Records console errors, page errors
// and every request so tests can say the page made none of its own.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../../src/paths.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots and PDFs land here (reports/ is ignored by git). */
export const ARTIFACTS = join(projectRoot, 'reports', 'test-artifacts');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chaos-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 768 },
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  consoleErrors: string[];
  requests: string[];
}

export async function openPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.context.newPage();
  const watched: WatchedPage = { page, consoleErrors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.consoleErrors.push(`page error: ${error.message}`));
  page.on('request', (request) => watched.requests.push(request.url()));
  return watched;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

// Runs in the page; kept as text so the test's TypeScript needs no DOM types and no
// transpiler helper ends up inside the function the browser receives.
const COUNT_PIXELS = `({ selector, colors }) => {
  const canvas = document.querySelector(selector + ' canvas');
  if (!canvas) return { drawn: 0, byColor: {} };
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const byColor = Object.fromEntries(Object.keys(colors).map((k) => [k, 0]));
  let drawn = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    drawn += 1;
    for (const [name, [r, g, b]] of Object.entries(colors)) {
      const near = Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24;
      if (near && data[i + 3] > 200) byColor[name] += 1;
    }
  }
  return { drawn, byColor };
}`;

/** Pixels of the chart's canvas: drawn ones, and those near each given colour. */
export async function canvasPixels(
  page: Page,
  selector: string,
  colors: Record<string, [number, number, number]>,
): Promise<{ drawn: number; byColor: Record<string, number> }> {
  return page.evaluate(`(${COUNT_PIXELS})(${JSON.stringify({ selector, colors })})`);
}

/** The series colours drill-chart.js draws with. */
export const SERIES_COLORS: Record<string, [number, number, number]> = {
  server: [0xd9, 0x48, 0x0f],
  client: [0x19, 0x71, 0xc2],
  threshold: [0xc9, 0x2a, 0x2a],
};

/**
 * Bounded polling of an expression in the page. (Playwright's waitForFunction builds its
 * predicate with eval, which the pages' Content-Security-Policy rightly forbids.)
 */
export async function waitInPage(page: Page, expression: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    if ((await page.evaluate(expression)) === true) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not true within ${withinMs} ms in ${page.url()}: ${expression}`);
}
