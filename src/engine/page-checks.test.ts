import { describe, expect, it } from 'vitest';
import type { PagePlan } from '../scenario/plan-page.js';
import type { Notification } from '../alerting/webhook-receiver.js';
import { deliveryChecks } from './page-checks.js';

const plan = {
  receiver: 'tickstorm-oncall',
  labels: { severity: 'high' },
  annotations: ['summary', 'runbook_url'],
  fromFaultMs: 90_000,
  fromFiringMs: 12_000,
} as unknown as PagePlan;

function notification(
  meantFor: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  at: string,
): Notification {
  const alert = {
    status: 'firing' as const,
    labels: { alertname: 'A', ...labels },
    annotations,
    startsAt: at,
    endsAt: '',
  };
  return {
    receivedAt: at,
    meantFor,
    receiver: meantFor,
    status: 'firing',
    groupKey: 'k',
    groupLabels: {},
    alerts: [alert],
  };
}

describe('delivery checks on a page that arrived', () => {
  it('passes a page to the right receiver, with its labels and annotations, in time', () => {
    const n = notification(
      'tickstorm-oncall',
      { severity: 'high' },
      { summary: 's', runbook_url: 'u' },
      '2026-01-01T00:01:03Z',
    );
    const { checks, timeToNotify } = deliveryChecks(plan, {
      notification: n,
      alert: n.alerts[0]!,
      trail: 'route > {severity="high"}',
      faultAt: '2026-01-01T00:00:00Z',
      firingAt: '2026-01-01T00:01:00Z',
    });
    expect(checks.map((c) => [c.name, c.outcome])).toEqual([
      ['receiver', 'pass'],
      ['labels', 'pass'],
      ['annotations', 'pass'],
      ['time to notify', 'pass'],
    ]);
    expect(timeToNotify).toEqual({ fromFaultMs: 63_000, fromFiringMs: 3_000 });
  });

  it('fails each part that is wrong, saying what was found', () => {
    const n = notification(
      'high-alerts',
      { severity: 'page' },
      { summary: ' ' },
      '2026-01-01T00:01:30Z',
    );
    const { checks } = deliveryChecks(plan, {
      notification: n,
      alert: n.alerts[0]!,
      trail: 'route > {severity="page"}',
      faultAt: '2026-01-01T00:00:00Z',
      firingAt: '2026-01-01T00:01:00Z',
    });
    const by = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(by.receiver!.message).toBe(
      'reached high-alerts, not tickstorm-oncall: the alert\'s labels take route > {severity="page"}',
    );
    expect(by.labels!.message).toBe('severity is "page", expected "high"');
    expect(by.annotations!.message).toMatch(/^summary is empty; runbook_url is not set/);
    expect(by['time to notify']!.outcome).toBe('fail');
    expect(by['time to notify']!.message).toMatch(/30.0 s after firing, over the bound of 12.0 s/);
  });

  it("says where the expected receiver came from when the user's routes chose it", () => {
    const n = notification('team', { severity: 'high' }, {}, '2026-01-01T00:01:03Z');
    const routed = {
      ...plan,
      receiverFrom: 'routing',
      receiverWhy:
        'where am.yml routes {alertname="A", severity="high"} (route > {severity="high"})',
    } as PagePlan;
    const [receiver] = deliveryChecks(routed, {
      notification: n,
      alert: n.alerts[0]!,
      trail: 'route > {team="x"}',
    }).checks;
    expect(receiver!.message).toBe(
      'reached team, not tickstorm-oncall (where am.yml routes {alertname="A", severity="high"} (route > {severity="high"})): the alert\'s labels take route > {team="x"}',
    );
  });
});
