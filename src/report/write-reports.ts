// Writes every report of a run into its folder. Each reporter is isolated: one that
// throws is noted and the others still write; the verdict never depends on them.

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../result/run-result.js';
import { renderHtml } from './html/render-html.js';
import { renderJUnit } from './junit-reporter.js';
import { renderMarkdown } from './markdown-reporter.js';

export type ReportFormat = 'json' | 'junit' | 'md' | 'html';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'junit', 'md', 'html'];

const renderers: Record<ReportFormat, { file: string; render: (run: RunResult) => string }> = {
  json: { file: 'journal.json', render: (run) => `${JSON.stringify(run, null, 2)}\n` },
  junit: { file: 'junit.xml', render: renderJUnit },
  md: { file: 'summary.md', render: renderMarkdown },
  html: { file: 'report.html', render: renderHtml },
};

export interface WrittenReports {
  files: string[];
  problems: string[];
}

export function writeReports(
  run: RunResult,
  dir: string,
  formats: readonly ReportFormat[] = REPORT_FORMATS,
): WrittenReports {
  const files: string[] = [];
  const problems: string[] = [];
  for (const format of formats) {
    const { file, render } = renderers[format];
    try {
      const path = join(dir, file);
      // Beside it, then renamed over it: `chaos report` rewrites the very journal it read,
      // and a crash mid-write must leave the old copy whole.
      const partial = `${path}.partial-${process.pid}`;
      try {
        writeFileSync(partial, render(run));
        renameSync(partial, path);
      } finally {
        rmSync(partial, { force: true });
      }
      files.push(path);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  return { files, problems };
}
