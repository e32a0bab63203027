import { describe, expect, it } from 'vitest';
import { sampleRun } from '../../../test/report/support/sample-run.js';
import type { ChartModel } from './chart-model.js';
import { renderHtml } from './render-html.js';

const HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror=alert(1)>';

/** The page's text outside <script> and <style> elements: what markup the page has. */
function markupOnly(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/g, '');
}

describe('renderHtml', () => {
  const html = renderHtml(sampleRun());

  it('is one file: uPlot inlined, nothing loaded from elsewhere', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('uPlot');
    expect(html).toContain('window.DrillChart');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(markupOnly(html)).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('default-src &#39;none&#39;');
    expect(html).toContain('connect-src &#39;none&#39;');
  });

  it('has every section a reader looks for', () => {
    for (const text of [
      'data-run-outcome="pass"',
      'class="drill-chart"',
      'data-step="preflight"',
      'data-step="rollback"',
      'How the faults and remediations were applied on this machine',
      'prlimit --pid 5985 --nofile=203:20000',
      'Rollback (every ledger entry, in reverse order)',
      'Plan and bounds',
      'The rules that ran',
      '<pre class="diagnosis">',
      '@media print',
      'break-inside: avoid',
    ])
      expect(html).toContain(text);
  });

  it('embeds a chart model that parses back', () => {
    const match = /<script type="application\/json" id="chart-model-0">([^<]*)<\/script>/.exec(
      html,
    );
    expect(match).not.toBeNull();
    const model = JSON.parse(match![1]!) as ChartModel;
    expect(model.points).toHaveLength(6);
    expect(model.markers).toHaveLength(6);
  });

  it('shows checks a failed drill never reached as not run', () => {
    const run = sampleRun();
    run.drills[0]!.steps = run.drills[0]!.steps.filter((s) =>
      ['preflight', 'rollback'].includes(s.name),
    );
    run.drills[0]!.steps[0]!.outcome = 'fail';
    const page = renderHtml(run);
    expect(page).toContain('data-step="preflight" data-outcome="fail"');
    expect(page).toContain('data-step="verify" data-outcome="not-run"');
  });

  it('renders the first minutes when the drill captured them, unavailable ones with a reason', () => {
    const run = sampleRun();
    run.drills[0]!.firstMinutes = [
      { title: 'open fds', how: 'ls /proc/1/fd', available: true, value: '12 of 1024' },
      { title: 'socket summary', how: 'ss -s', available: false, reason: 'ss is not installed' },
    ];
    const page = renderHtml(run);
    expect(page).toContain("The runbook's first minutes");
    expect(page).toContain('<tr data-available="false">');
    expect(page).toContain('ss is not installed');
    expect(renderHtml(sampleRun())).not.toContain("The runbook's first minutes");
  });

  it('escapes every text from the journal, in markup and in the embedded JSON', () => {
    const page = renderHtml(sampleRun(HOSTILE));
    expect(page).not.toContain('<script>window.pwned');
    expect(markupOnly(page)).not.toContain('<img');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;');
    // Only our own script elements: uPlot, the chart, the boot script and the model.
    expect(page.match(/<script/g)).toHaveLength(4);
  });
});
