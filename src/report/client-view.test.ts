// The clients' view is in every report: sessions by outcome, each drop reason with an
// example (and its age when its drops all came at one age of the session), and how each
// rate is computed.

import { describe, expect, it } from 'vitest';
import { sampleRun } from '../../test/report/support/sample-run.js';
import type { DrillEvent } from '../result/events.js';
import { consoleReporter } from './console-reporter.js';
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

describe('drops at a fixed age of the session, in the console and summary.md', () => {
  const run = sampleRun();
  run.drills[0]!.clientSessions = {
    started: 400,
    handshakes: 400,
    completed: 240,
    interrupted: 8,
    dropped: 152,
    droppedByReason: { closed_by_peer: 140, reset: 12 },
    examples: { closed_by_peer: 'the server closed the connection', reset: 'read ECONNRESET' },
    agesAtClose: {
      closed_by_peer: { count: 140, min: 19.95, median: 20.0, max: 20.05, fixedAt: 20.0 },
      reset: { count: 12, min: 4.2, median: 7.9, max: 11.6 },
    },
  };
  const LINE =
    "clients: 400 sessions started, 400 finished the handshake; 240 completed, 8 cut short by the drill's end, 152 dropped (closed_by_peer 140 all at 20.0 s of age, reset 12)";

  it('the console’s clients line names the age beside the reason', () => {
    let written = '';
    const stream = { isTTY: false, write: (text: string) => (written += text) };
    const report = consoleReporter({ stream: stream as unknown as NodeJS.WriteStream });
    report({ type: 'drill-end', result: run.drills[0]! } as DrillEvent);
    expect(written).toContain(LINE);
  });

  it('summary.md says it is a close at a fixed age, beside the reasons table', () => {
    const md = renderMarkdown(run);
    expect(md).toContain(`${LINE}.`);
    expect(md).toContain(
      '- closed_by_peer 140, all at 20.0 s of age: a close at a fixed age of the session, not at random (ages at close 19.9–20.1 s, median 20.0 s)',
    );
    expect(md).not.toMatch(/reset 12, all at/);
  });
});
