// Alertmanager's webhook payload v4 is kept only as Alertmanager sends it; every other body
// (the hostile shapes a neighbour on the machine can post) is refused with the field at fault.

import { describe, expect, it } from 'vitest';
import { parseNotification } from './webhook-payload.js';

/** A payload as Alertmanager 0.25 posts it, every field present. */
function payload(change: (p: Record<string, unknown>) => void = () => {}) {
  const p: Record<string, unknown> = {
    version: '4',
    groupKey: '{}:{alertname="TickStormConnectionDropRate"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'tickstorm-oncall',
    groupLabels: { alertname: 'TickStormConnectionDropRate' },
    commonLabels: { alertname: 'TickStormConnectionDropRate', severity: 'page' },
    commonAnnotations: { summary: 'drops' },
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'TickStormConnectionDropRate', severity: 'page' },
        annotations: { summary: 'drops' },
        startsAt: '2026-12-08T00:00:00.123Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph',
        fingerprint: 'c0ffee',
      },
    ],
  };
  change(p);
  return JSON.stringify(p);
}
const alert0 = (p: Record<string, unknown>) => (p.alerts as Record<string, unknown>[])[0]!;
const problemOf = (body: string) => {
  const parsed = parseNotification('tickstorm-oncall', body);
  return 'problem' in parsed ? parsed.problem : null;
};

describe('parseNotification', () => {
  it('keeps what Alertmanager posts, with where it was meant for and when it came', () => {
    const parsed = parseNotification('tickstorm-oncall', payload(), new Date(0));
    expect(parsed).toEqual({
      notification: {
        receivedAt: '1970-01-01T00:00:00.000Z',
        meantFor: 'tickstorm-oncall',
        receiver: 'tickstorm-oncall',
        status: 'firing',
        groupKey: '{}:{alertname="TickStormConnectionDropRate"}',
        groupLabels: { alertname: 'TickStormConnectionDropRate' },
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'TickStormConnectionDropRate', severity: 'page' },
            annotations: { summary: 'drops' },
            startsAt: '2026-12-08T00:00:00.123Z',
            endsAt: '0001-01-01T00:00:00Z',
            fingerprint: 'c0ffee',
          },
        ],
      },
    });
  });

  it('takes a payload without the optional fields (an older Alertmanager)', () => {
    const body = payload((p) => {
      delete p.truncatedAlerts;
      delete p.commonLabels;
      delete p.commonAnnotations;
      delete p.externalURL;
      delete alert0(p).generatorURL;
      delete alert0(p).fingerprint;
    });
    expect(problemOf(body)).toBeNull();
  });

  it.each([
    ['not JSON', '{"alerts":', /^the body is not JSON/],
    ['null', 'null', /^the body: Expected object, received null/],
    ['an array', '[]', /^the body: Expected object, received array/],
    ['a string', '"hi"', /^the body: Expected object/],
    ['an empty object', '{}', /^version: /],
    ['{"alerts":[null]}', payload((p) => (p.alerts = [null])), /^alerts\.0: Expected object/],
    ['alerts null', payload((p) => (p.alerts = null)), /^alerts: Expected array/],
    ['no alerts', payload((p) => (p.alerts = [])), /^alerts: /],
    ['version 3', payload((p) => (p.version = '3')), /^version: /],
    ['version as a number', payload((p) => (p.version = 4)), /^version: /],
    ['status pending', payload((p) => (p.status = 'pending')), /^status: /],
    ['an alert status of 1', payload((p) => (alert0(p).status = 1)), /^alerts\.0\.status: /],
    [
      'a label value that is an object',
      payload((p) => (alert0(p).labels = { severity: { toString: 'x' } })),
      /^alerts\.0\.labels\.severity: Expected string, received object/,
    ],
    [
      'a label value that is a number',
      payload((p) => (alert0(p).labels = { n: 1 })),
      /^alerts\.0\.labels\.n: Expected string/,
    ],
    ['labels as an array', payload((p) => (alert0(p).labels = ['a'])), /^alerts\.0\.labels: /],
    ['groupLabels null', payload((p) => (p.groupLabels = null)), /^groupLabels: /],
    ['receiver as an object', payload((p) => (p.receiver = {})), /^receiver: /],
    [
      'startsAt not a time',
      payload((p) => (alert0(p).startsAt = 'soon')),
      /^alerts\.0\.startsAt: /,
    ],
    ['endsAt a number', payload((p) => (alert0(p).endsAt = 0)), /^alerts\.0\.endsAt: /],
    ['truncatedAlerts negative', payload((p) => (p.truncatedAlerts = -1)), /^truncatedAlerts: /],
    [
      'a __proto__ label',
      payload().replace('"severity":"page"},"annotations"', '"__proto__":"x"},"annotations"'),
      /^alerts\.0\.labels: a key named __proto__ is not kept/,
    ],
    [
      'a __proto__ object label',
      payload().replace(
        '"severity":"page"},"annotations"',
        '"__proto__":{"polluted":1}},"annotations"',
      ),
      /^alerts\.0\.labels: a key named __proto__ is not kept/,
    ],
    ['deep nesting', '['.repeat(100_000) + ']'.repeat(100_000), /^the body: Expected object/],
  ])('refuses %s, naming the field', (_, body, problem) => {
    expect(problemOf(body)).toMatch(problem);
    expect(problemOf(body)).toMatch(/\(expected Alertmanager's webhook payload, version 4\)$|JSON/);
  });

  it('leaves no trace on Object.prototype whatever the keys', () => {
    parseNotification('x', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"p":1}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});
