// A new target process the drill did not make is said in every report that lists what
// happened to the target, with its time and what was seen.

import { describe, expect, it } from 'vitest';
import { sampleRun } from '../../test/report/support/sample-run.js';
import { renderHtml } from './html/render-html.js';
import { renderMarkdown } from './markdown-reporter.js';

function withRestart() {
  const run = sampleRun();
  run.drills[0]!.targetRestarts = [
    {
      at: '2026-12-07T12:00:40.000Z',
      by: 'not the drill',
      how: 'pid 812 exited; pid 901 listens on :8080 now',
      fromPid: 812,
      toPid: 901,
    },
  ];
  return run;
}

describe('new target processes in the reports', () => {
  it('summary.md and report.html name each with its time and who made it', () => {
    expect(renderMarkdown(withRestart())).toContain(
      '### New target processes during the drill\n\n- 2026-12-07T12:00:40.000Z, by not the drill: pid 812 exited; pid 901 listens on :8080 now',
    );
    expect(renderHtml(withRestart())).toContain(
      '<td>not the drill</td><td>pid 812 exited; pid 901 listens on :8080 now</td>',
    );
    expect(renderMarkdown(sampleRun())).not.toContain('New target processes');
  });
});
