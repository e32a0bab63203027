// The clients' view is in every report: sessions by outcome, each drop reason with an
// example, and how each rate is computed.

import { describe, expect, it } from 'vitest';
import { sampleRun } from '../../test/report/support/sample-run.js';
import { renderHtml } from './html/render-html.js';
import { renderJUnit } from './junit-reporter.js';
import { renderMarkdown } from './markdown-reporter.js';

const LINE =
  "clients: 1998 sessions started, 1989 finished the handshake; 1822 completed, 167 cut short by the drill's end, 9 dropped (closed_without_reply 9)";

describe('what the clients saw, in every report', () => {
  it('summary.md: the line, a row per reason with its example, and the rate definitions', () => {
    const md = renderMarkdown(sampleRun());
    expect(md).toContain(`### What the clients saw\n\n${LINE}.`);
    expect(md).toContain('| closed_without_reply | 9 | the server closed the connection |');
    expect(md).toMatch(
      /- client-observed drop rate: sessions dropped \/ sessions that ended .* never above 100 %/,
    );
    expect(md).toMatch(/- server-observed drop rate: connections the target counted as dropped/);
  });

  it('junit.xml: the line and each reason in the drill’s testsuite output', () => {
    const xml = renderJUnit(sampleRun());
    expect(xml).toContain(
      `<system-out>${LINE.replace(/'/g, "'")}\n  closed_without_reply 9: e.g. the server closed the connection</system-out>`,
    );
  });

  it('report.html: a section with the line, the reasons table and the definitions', () => {
    const html = renderHtml(sampleRun());
    expect(html).toContain('<h3>What the clients saw</h3>');
    expect(html).toContain(LINE.replace("'", '&#39;'));
    expect(html).toContain(
      '<td>closed_without_reply</td><td>9</td><td>the server closed the connection</td>',
    );
    expect(html).toContain('client-observed drop rate');
  });
});
