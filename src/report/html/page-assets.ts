// The scripts and styles inlined into every page: uPlot from node_modules (so the file
// opens with no network) and our chart script. Read once per process.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inlineRaw } from './escape.js';

export interface PageAssets {
  uplotJs: string;
  uplotCss: string;
  chartJs: string;
}

let cached: PageAssets | null = null;

export function pageAssets(): PageAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const read = (specifier: string) => readFileSync(require.resolve(specifier), 'utf8');
  cached = {
    uplotJs: inlineRaw(read('uplot/dist/uPlot.iife.min.js'), 'script'),
    uplotCss: inlineRaw(read('uplot/dist/uPlot.min.css'), 'style'),
    chartJs: inlineRaw(
      readFileSync(new URL('./drill-chart.js', import.meta.url), 'utf8'),
      'script',
    ),
  };
  return cached;
}
