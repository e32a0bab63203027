// What a delivered page is checked for, once it has arrived: the receiver the plan chose
// (the scenario's, --page-receiver's, or where the user's routes send the rule's labels),
// the labels and annotations the person paged needs, and the time it took. Pure, so each
// rule is unit-tested; the page step supplies what arrived and when.

import type { DeliveredAlert, Notification } from '../alerting/webhook-receiver.js';
import type { PagePlan } from '../scenario/plan-page.js';
import type { PageCheck } from '../result/run-result.js';
import { formatMs } from './step-clock.js';

export interface DeliveryFacts {
  notification: Notification;
  alert: DeliveredAlert;
  /** The route our walk of the config finds for the delivered labels. */
  trail: string;
  faultAt?: string;
  firingAt?: string;
}

export function deliveryChecks(
  page: PagePlan,
  facts: DeliveryFacts,
): { checks: PageCheck[]; timeToNotify: { fromFaultMs?: number; fromFiringMs?: number } } {
  const { notification, alert } = facts;
  const checks: PageCheck[] = [];
  const reached = notification.meantFor;
  checks.push(
    reached === page.receiver
      ? { name: 'receiver', outcome: 'pass', message: `reached ${reached} by ${facts.trail}` }
      : {
          name: 'receiver',
          outcome: 'fail',
          message: `reached ${reached}, not ${page.receiver}${page.receiverFrom === 'routing' ? ` (${page.receiverWhy})` : ''}: the alert's labels take ${facts.trail}`,
        },
  );

  const wrong = Object.entries(page.labels).filter(([name, value]) => alert.labels[name] !== value);
  checks.push(
    wrong.length === 0
      ? {
          name: 'labels',
          outcome: 'pass',
          message:
            Object.keys(page.labels).length === 0
              ? 'no labels required'
              : `carries ${Object.entries(page.labels)
                  .map(([k, v]) => `${k}="${v}"`)
                  .join(', ')}`,
        }
      : {
          name: 'labels',
          outcome: 'fail',
          message: wrong
            .map(([name, value]) =>
              name in alert.labels
                ? `${name} is "${alert.labels[name]}", expected "${value}"`
                : `${name} is missing, expected "${value}"`,
            )
            .join('; '),
        },
  );

  const empty = page.annotations.filter((name) => (alert.annotations[name] ?? '').trim() === '');
  checks.push(
    empty.length === 0
      ? {
          name: 'annotations',
          outcome: 'pass',
          message:
            page.annotations.length === 0
              ? 'no annotations required'
              : `${page.annotations.join(', ')} set and non-empty`,
        }
      : {
          name: 'annotations',
          outcome: 'fail',
          message: `${empty.map((name) => (name in alert.annotations ? `${name} is empty` : `${name} is not set`)).join('; ')}: the person paged gets no ${empty.join(' or ')}`,
        },
  );

  const at = Date.parse(notification.receivedAt);
  const fromFaultMs = facts.faultAt ? at - Date.parse(facts.faultAt) : undefined;
  const fromFiringMs = facts.firingAt ? Math.max(0, at - Date.parse(facts.firingAt)) : undefined;
  checks.push(timeCheck(page, fromFaultMs, fromFiringMs));
  return {
    checks,
    timeToNotify: {
      ...(fromFaultMs !== undefined ? { fromFaultMs } : {}),
      ...(fromFiringMs !== undefined ? { fromFiringMs } : {}),
    },
  };
}

function timeCheck(page: PagePlan, fromFaultMs?: number, fromFiringMs?: number): PageCheck {
  const late: string[] = [];
  if (page.fromFaultMs !== null && fromFaultMs !== undefined && fromFaultMs > page.fromFaultMs)
    late.push(
      `${formatMs(fromFaultMs)} after the fault, over the bound of ${formatMs(page.fromFaultMs)}`,
    );
  if (page.fromFiringMs !== null && fromFiringMs !== undefined && fromFiringMs > page.fromFiringMs)
    late.push(
      `${formatMs(fromFiringMs)} after firing, over the bound of ${formatMs(page.fromFiringMs)}`,
    );
  const measured = [
    fromFaultMs !== undefined ? `${formatMs(fromFaultMs)} after the fault` : '',
    fromFiringMs !== undefined ? `${formatMs(fromFiringMs)} after firing` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (late.length > 0)
    return { name: 'time to notify', outcome: 'fail', message: `sent ${late.join('; ')}` };
  const bounds = [
    page.fromFaultMs !== null ? `${formatMs(page.fromFaultMs)} from the fault` : '',
    page.fromFiringMs !== null ? `${formatMs(page.fromFiringMs)} from firing` : '',
  ].filter(Boolean);
  return {
    name: 'time to notify',
    outcome: 'pass',
    message: `sent ${measured}${bounds.length > 0 ? ` (bounds ${bounds.join(', ')})` : ' (no bound stated)'}`,
  };
}

/** The first alert of ours in a notification, if any. */
export function alertIn(notification: Notification, alert: string, status: 'firing' | 'resolved') {
  return (
    notification.alerts.find((a) => a.labels.alertname === alert && a.status === status) ?? null
  );
}
