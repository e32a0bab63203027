import { describe, expect, it } from 'vitest';
import type { DrillResult, PageRecord } from '../../result/run-result.js';
import { pageLines } from '../format.js';
import { pageSection } from './page-section.js';

const delivered = (status: 'firing' | 'resolved', description: string) => ({
  receivedAt: '2026-01-01T00:01:00Z',
  meantFor: 'tickstorm-oncall',
  status,
  labels: { alertname: 'TickStormConnectionDropRate' },
  annotations: { description },
  groupedWith: 0,
});

const page: PageRecord = {
  config: 'alerting/alertmanager.yml',
  receiver: 'tickstorm-oncall',
  resolvedExpected: true,
  delivered: [
    delivered('firing', 'Instance tickstorm-0 drops 3.75% of its connections.'),
    delivered('resolved', 'Instance tickstorm-0 drops +Inf% of its connections.'),
  ],
  checks: [],
};

describe('the page as delivered, in the reports', () => {
  it('says +Inf% in an annotation is no measurement, beside it, and leaves finite values alone', () => {
    const html = pageSection({ page } as DrillResult);
    expect(html).toContain(
      'drops +Inf% of its connections. <small class="muted">(+Inf is not a measurement: the alert&#39;s value was divided by a rate of 0',
    );
    expect(html.match(/is not a measurement/g)).toHaveLength(1);
    const firing = { ...page, delivered: page.delivered.slice().reverse() };
    firing.delivered[0] = { ...firing.delivered[0]!, status: 'firing' };
    expect(pageLines(firing)).toContain(
      "annotation description: Instance tickstorm-0 drops +Inf% of its connections. (+Inf is not a measurement: the alert's value was divided by a rate of 0 (no new connections counted in its window at that evaluation))",
    );
  });
});
