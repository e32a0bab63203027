// Resolved page: after the remediation, when the receiver sends resolved notifications,
// one saying the alert is resolved must follow. Alertmanager sends it at the group's
// next flush, so the bound is the route's group_interval plus the time for Prometheus to
// see the alert resolve and tell Alertmanager.

import { nonFiniteNotes } from '../../alerting/annotation-values.js';
import { unreadable } from '../../alerting/inbox.js';
import { routeAlert } from '../../alerting/route-walk.js';
import type { Notification } from '../../alerting/webhook-receiver.js';
import { scaleDuration } from '../../prom/promql/duration.js';
import { mark, type DrillContext } from '../drill-context.js';
import { alertIn } from '../page-checks.js';
import type { StepResult } from '../../result/run-result.js';
import type { PagePlan } from '../../scenario/plan-page.js';
import { formatMs, StepClock } from '../step-clock.js';
import { deliveredPage } from './expect-page.js';

export async function expectResolvedPage(context: DrillContext): Promise<StepResult> {
  const page = context.page!;
  const { plan } = context;
  const record = context.pageRecord!;
  const alert = plan.alert.name;
  const firing = record.delivered.find((d) => d.status === 'firing');
  const [route] = routeAlert(page.plan.config.route, firing?.labels ?? { alertname: alert });
  const groupInterval = scaleDuration(route!.route.groupIntervalMs, plan.time.timeScale);
  const boundMs = groupInterval + 2 * plan.evaluationIntervalMs + 2 * plan.scrapeIntervalMs + 5000;
  const clock = new StepClock(
    'resolved-page',
    `a resolved notification reaches ${page.plan.receiver}`,
    boundMs,
  );
  const ours = (n: Notification) => alertIn(n, alert, 'resolved') !== null;
  const arrived = await page.receiver!.waitFor(ours, boundMs);
  if (!arrived) {
    const message = `no resolved notification for ${alert} within ${formatMs(boundMs)} (the route's group_interval ${formatMs(groupInterval)} at this time scale, plus two evaluations and scrapes)${unreadable(page.receiver!)}`;
    record.checks.push({ name: 'resolved', outcome: 'fail', message });
    return clock.end('fail', message);
  }
  mark(context, 'pageResolved', new Date(arrived.receivedAt));
  const delivered = deliveredPage(arrived, alert, 'resolved');
  record.delivered.push(delivered);
  const resolvedAt = context.markers.alertResolved;
  const after = resolvedAt ? Date.parse(arrived.receivedAt) - Date.parse(resolvedAt) : undefined;
  if (after !== undefined) record.resolvedAfterMs = after;
  // The drill sees the alert inactive on its next sample; Alertmanager may be quicker.
  const when =
    after === undefined
      ? ''
      : after >= 0
        ? ` ${formatMs(after)} after the drill saw the alert resolve`
        : ` ${formatMs(-after)} before the drill's next sample saw the alert resolve`;
  const message = `resolved notification reached ${arrived.meantFor}${when}`;
  record.checks.push({ name: 'resolved', outcome: 'pass', message });
  // Its annotations are the last ones Prometheus evaluated: "+Inf%" there is no measurement.
  const notes = nonFiniteNotes(delivered.annotations).map((note) => `; ${note}`);
  return clock.end('pass', message + notes.join(''));
}

/** Whether the scenario's receiver sends resolved notifications (or the scenario demands one). */
export function resolvedPageExpected(context: Pick<DrillContext, 'page'>): boolean {
  return context.page ? resolvedPageExpectedOf(context.page.plan) : false;
}

export function resolvedPageExpectedOf(page: PagePlan): boolean {
  if (page.resolved !== undefined) return page.resolved;
  const receiver = page.config.receivers.find((r) => r.name === page.receiver);
  return receiver?.integrations.some((i) => i.sendResolved) ?? false;
}
