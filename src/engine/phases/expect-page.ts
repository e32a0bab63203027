// Page: once the alert fires, a notification carrying it must reach the receiver the plan
// chose, with its labels and annotations, within the bounds on time to notify.
// When none comes, Alertmanager itself says why (inhibited, silenced, never received),
// and a route whose group_wait cannot fit the bound ends the wait early.

import { alertmanagerAlerts, type AlertmanagerAlert } from '../../alerting/alertmanager-api.js';
import { nonFiniteNotes } from '../../alerting/annotation-values.js';
import type { AlertmanagerConfig, RouteNode } from '../../alerting/am-config.js';
import { matchesAll } from '../../alerting/matchers.js';
import { routeAlert, trailText } from '../../alerting/route-walk.js';
import { unreadable } from '../../alerting/inbox.js';
import type { Notification } from '../../alerting/webhook-receiver.js';
import { scaleDuration } from '../../prom/promql/duration.js';
import { mark, type DrillContext } from '../drill-context.js';
import { worstOutcome } from '../../result/outcome.js';
import { alertIn, deliveryChecks } from '../page-checks.js';
import { refusal } from '../page-wiring.js';
import type { PageCheck, PageRecord, StepResult } from '../../result/run-result.js';
import { formatMs, StepClock } from '../step-clock.js';
import { labelsText } from '../../prom/labels-text.js';

/** How often Alertmanager is asked about the alert while the page is awaited. */
const POLL_MS = 500;

export async function expectPage(context: DrillContext): Promise<StepResult> {
  const page = context.page!;
  const { plan } = context;
  const alert = plan.alert.name;
  const record = context.pageRecord!;
  const deadline = pageDeadline(context);
  const clock = new StepClock(
    'page',
    `the page reaches ${page.plan.receiver}`,
    Math.max(0, deadline - Date.now()),
  );
  const refused = refusal(page);
  if (refused || !page.receiver || !context.stack.alertmanager) {
    const message = refused ?? 'no Alertmanager ran';
    record.checks.push({ name: 'config loads', outcome: 'fail', message });
    return clock.end('fail', `no page can be sent: ${message}`);
  }

  const ours = (n: Notification) => alertIn(n, alert, 'firing') !== null;
  let seenInAlertmanager: number | null = null;
  let why: string | null = null;
  let arrived: Notification | null = null;
  while (Date.now() < deadline) {
    arrived = await page.receiver.waitFor(ours, Math.min(POLL_MS, deadline - Date.now()));
    if (arrived) break;
    const all = await ask(context.stack.alertmanager.url);
    const known = all.find((a) => a.labels.alertname === alert);
    if (!known) continue;
    seenInAlertmanager ??= Date.now();
    why = blocked(known, all, page.plan.config, context, seenInAlertmanager, deadline);
    if (why) break;
  }
  // Several routes may deliver it (continue: true); the one the scenario names counts.
  const delivered = page.receiver.notifications.filter(ours);
  arrived = delivered.find((n) => n.meantFor === page.plan.receiver) ?? delivered[0] ?? null;
  if (!arrived) {
    const reason =
      why ??
      (seenInAlertmanager === null
        ? `Alertmanager never received ${alert} from Prometheus`
        : `no notification within ${formatMs(clock.boundMs ?? 0)} of the step's start`) +
        unreadable(page.receiver);
    record.checks.push({ name: 'delivered', outcome: 'fail', message: reason });
    return clock.end('fail', `no page for ${alert} reached any receiver: ${reason}`);
  }

  mark(context, 'pageSent', new Date(arrived.receivedAt));
  const firing = alertIn(arrived, alert, 'firing')!;
  const [route] = routeAlert(page.plan.config.route, firing.labels);
  const trail = trailText(route!.trail);
  record.route = { receiver: route!.route.receiver, trail, groupWait: route!.route.groupWait };
  record.delivered.push(...delivered.map((n) => deliveredPage(n, alert, 'firing')));
  const { checks, timeToNotify } = deliveryChecks(page.plan, {
    notification: arrived,
    alert: firing,
    trail,
    ...(context.markers.faultApplied ? { faultAt: context.markers.faultApplied } : {}),
    ...(context.markers.alertFiring ? { firingAt: context.markers.alertFiring } : {}),
  });
  const all: PageCheck[] = [
    {
      name: 'delivered',
      outcome: 'pass',
      message: `a notification for ${alert} reached ${arrived.meantFor}`,
    },
    ...checks,
  ];
  record.checks.push(...all);
  record.timeToNotify = timeToNotify;
  const outcome = worstOutcome(all.map((c) => c.outcome));
  const failed = all.filter((c) => c.outcome !== 'pass');
  // "+Inf%" in the page is said to be no measurement, where the console shows the step.
  const notes = nonFiniteNotes(firing.annotations).map((note) => `; ${note}`);
  return clock.end(
    outcome,
    (failed.length > 0
      ? failed.map((c) => `${c.name}: ${c.message}`).join('; ')
      : `delivered to ${arrived.meantFor} by ${trail}; ${checks.find((c) => c.name === 'time to notify')!.message}`) +
      notes.join(''),
  );
}

/** The earliest of the stated bounds; without one, long enough for the slowest route. */
function pageDeadline(context: DrillContext): number {
  const { plan, markers } = context;
  const page = context.page!.plan;
  const ends: number[] = [];
  if (page.fromFiringMs !== null)
    ends.push(Date.parse(markers.alertFiring ?? new Date().toISOString()) + page.fromFiringMs);
  if (page.fromFaultMs !== null && markers.faultApplied)
    ends.push(Date.parse(markers.faultApplied) + page.fromFaultMs);
  if (ends.length > 0) return Math.min(...ends);
  const slowest = Math.max(...everyGroupWait(page.config.route));
  return (
    Date.now() +
    scaleDuration(slowest, plan.time.timeScale) +
    2 * plan.evaluationIntervalMs +
    10_000
  );
}

function everyGroupWait(route: RouteNode): number[] {
  return [route.groupWaitMs, ...route.children.flatMap(everyGroupWait)];
}

/** Every alert Alertmanager holds; none when it does not answer (the next poll asks again). */
async function ask(url: string): Promise<AlertmanagerAlert[]> {
  try {
    return await alertmanagerAlerts(url);
  } catch {
    return [];
  }
}

/**
 * Why no page can come in time, once Alertmanager holds the alert: it is suppressed
 * (by an inhibition or a silence), its receiver sends nothing, or its route's group_wait
 * reaches past the deadline. Null while a page may still come.
 */
function blocked(
  known: AlertmanagerAlert,
  all: AlertmanagerAlert[],
  config: AlertmanagerConfig,
  context: DrillContext,
  seenAt: number,
  deadline: number,
): string | null {
  if (known.state === 'suppressed') {
    if (known.inhibitedBy.length > 0) return inhibition(known, all, config);
    if (known.silencedBy.length > 0)
      return `Alertmanager silences it (silence ${known.silencedBy.join(', ')})`;
  }
  const [route] = routeAlert(config.route, known.labels);
  const receiver = config.receivers.find((r) => r.name === route!.route.receiver);
  if (receiver && receiver.integrations.length === 0)
    return `it routes to ${receiver.name} by ${trailText(route!.trail)}, a receiver with no integrations: nothing is sent`;
  const wait = scaleDuration(route!.route.groupWaitMs, context.plan.time.timeScale);
  if (seenAt + wait > deadline) {
    return `its route ${trailText(route!.trail)} (receiver ${route!.route.receiver}, ${config.file}:${route!.route.line}) waits group_wait ${route!.route.groupWait} (${formatMs(wait)} at this time scale) before the first notification, so no page can arrive within ${boundsText(context)}`;
  }
  return null;
}

/** Which alert inhibits it, by which rule, and whether that rule's `equal` compared nothing. */
function inhibition(
  known: AlertmanagerAlert,
  all: AlertmanagerAlert[],
  config: AlertmanagerConfig,
): string {
  const sources = all.filter((a) => known.inhibitedBy.includes(a.fingerprint));
  const names =
    sources.length > 0
      ? sources.map((a) => `${a.labels.alertname ?? '?'} ${labelsText(a.labels)}`).join(', ')
      : known.inhibitedBy.join(', ');
  const rule = config.inhibitRules.find(
    (r) =>
      matchesAll(r.target, known.labels) && sources.some((a) => matchesAll(r.source, a.labels)),
  );
  if (!rule) return `Alertmanager inhibits it: inhibited by ${names}`;
  const missing = rule.equal.filter(
    (label) => !(label in known.labels) && sources.every((a) => !(label in a.labels)),
  );
  return (
    `Alertmanager inhibits it: inhibited by ${names} (inhibit rule at ${config.file}:${rule.line}, equal: [${rule.equal.join(', ')}])` +
    (missing.length > 0
      ? `; ${missing.join(', ')} is missing on both alerts, which Alertmanager counts as equal`
      : '')
  );
}

/** The stated bounds, for messages: `12.0 s of firing and 90.0 s of the fault`. */
function boundsText(context: DrillContext): string {
  const page = context.page!.plan;
  return (
    [
      page.fromFiringMs !== null ? `${formatMs(page.fromFiringMs)} of firing` : '',
      page.fromFaultMs !== null ? `${formatMs(page.fromFaultMs)} of the fault` : '',
    ]
      .filter(Boolean)
      .join(' and ') || 'the step'
  );
}

export function deliveredPage(
  n: Notification,
  alert: string,
  status: 'firing' | 'resolved',
): PageRecord['delivered'][number] {
  const one = alertIn(n, alert, status)!;
  return {
    receivedAt: n.receivedAt,
    meantFor: n.meantFor,
    status,
    labels: one.labels,
    annotations: one.annotations,
    groupedWith: n.alerts.length - 1,
  };
}
