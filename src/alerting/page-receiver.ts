// The receiver a page must reach when the user brings their own Alertmanager config and
// names none: the one their routing tree chooses for the alert's labels (its name, the
// rule's `labels`, and the labels its expression keeps), walked as `chaos lint` walks it.
// When the choice turns on a label value only Prometheus knows, nothing is guessed: a
// guess would pass or fail the drill's receiver check on the walk's mistake, not the
// config's, so the user is asked to name the receiver instead.

import { labelsText } from '../prom/labels-text.js';
import type { AlertLabels } from './alert-labels.js';
import type { AlertmanagerConfig } from './am-config.js';
import { reachesOf } from './lint-routing.js';

export type RoutedReceiver = { receiver: string; why: string } | { problem: string };

export function routedReceiver(config: AlertmanagerConfig, alert: AlertLabels): RoutedReceiver {
  const reaches = reachesOf(config.route, alert);
  const receivers = [...new Set(reaches.map((r) => r.receiver))];
  const labels = labelsText({ alertname: alert.alert, ...alert.known });
  const certain = reaches.every((r) => r.certain);
  if (certain) {
    // Several receivers only with `continue: true`: each gets the page; the first is named.
    const also = receivers.slice(1);
    return {
      receiver: receivers[0]!,
      why: `where ${config.file} routes ${labels} (${reaches[0]!.trail}${also.length > 0 ? `; also ${also.join(', ')}, by continue: true` : ''})`,
    };
  }
  if (receivers.length === 1)
    return {
      receiver: receivers[0]!,
      why: `where ${config.file} routes ${labels}, whatever values Prometheus gives its other labels`,
    };
  return {
    problem: `${config.file} routes ${alert.alert} ${labels} by label values only Prometheus knows: it may reach ${reaches.map((r) => `${r.receiver} (${r.trail})`).join(' or ')}; name the receiver the page must reach with --page-receiver`,
  };
}
