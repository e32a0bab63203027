// The Alertmanager config a drill runs: the user's routing tree, matchers, grouping,
// inhibitions and time intervals exactly as written, with two changes. Every timing
// is multiplied by the drill's time scale (like the rules), and every receiver that
// has integrations delivers to the drill's own webhook instead, at a path naming the
// receiver, so the drill knows whom each notification was meant for and nobody is
// paged by a drill. A receiver with no integrations stays empty: its pages go nowhere
// in the user's setup too.

import { stringify } from 'yaml';
import { formatDuration, scaleDurationText, scaleDuration } from '../prom/promql/duration.js';
import { ROUTE_DEFAULTS, type AlertmanagerConfig } from './am-config.js';

const TIMINGS = ['group_wait', 'group_interval', 'repeat_interval'] as const;

export function drillAlertmanagerConfig(
  config: AlertmanagerConfig,
  options: {
    webhookUrl: (receiver: string) => string;
    /** Bearer credentials every webhook sends, when the receiver asks for them. */
    webhookCredentials?: string | null;
    timeScale: number;
  },
): string {
  const data = structuredClone(config.data);
  const scale = (text: string) => scaleDurationText(text, options.timeScale);

  const route = data.route as Record<string, unknown>;
  // The root's defaults are at runbook scale too: written out scaled, so children inherit them.
  const rootDefaults: Record<(typeof TIMINGS)[number], number> = {
    group_wait: ROUTE_DEFAULTS.groupWaitMs,
    group_interval: ROUTE_DEFAULTS.groupIntervalMs,
    repeat_interval: ROUTE_DEFAULTS.repeatIntervalMs,
  };
  for (const key of TIMINGS) {
    route[key] ??= formatDuration(rootDefaults[key]);
  }
  scaleRoute(route, scale);

  data.receivers = config.receivers.map((receiver) =>
    receiver.integrations.length === 0
      ? { name: receiver.name }
      : {
          name: receiver.name,
          webhook_configs: [
            {
              url: options.webhookUrl(receiver.name),
              send_resolved: receiver.integrations.some((i) => i.sendResolved),
              ...(options.webhookCredentials
                ? {
                    http_config: {
                      authorization: { type: 'Bearer', credentials: options.webhookCredentials },
                    },
                  }
                : {}),
            },
          ],
        },
  );
  // Integration settings (SMTP hosts, API URLs, their files) and templates serve only the
  // replaced integrations; resolve_timeout is a timing like the others.
  const global = data.global as Record<string, unknown> | undefined;
  delete data.global;
  delete data.templates;
  if (typeof global?.resolve_timeout === 'string')
    data.global = { resolve_timeout: scale(global.resolve_timeout) };

  const header = [
    `# Rewritten by tickstorm-chaos from ${config.file} with time scale ${options.timeScale}:`,
    '# group_wait, group_interval, repeat_interval and resolve_timeout multiplied by it; every',
    "# receiver's integrations replaced by the drill's webhook. Routes, matchers, grouping,",
    '# inhibitions and time intervals as written. Do not edit; edit the original.',
  ].join('\n');
  return `${header}\n${stringify(data, { lineWidth: 0 })}`;
}

function scaleRoute(route: Record<string, unknown>, scale: (text: string) => string): void {
  for (const key of TIMINGS) {
    if (typeof route[key] === 'string') route[key] = scale(route[key]);
  }
  if (Array.isArray(route.routes)) {
    for (const child of route.routes) scaleRoute(child as Record<string, unknown>, scale);
  }
}

/** A timing at the drill's scale, for messages. */
export function scaledMs(ms: number, timeScale: number): number {
  return scaleDuration(ms, timeScale);
}
