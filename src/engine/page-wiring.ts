// The page's side of a drill, set up before the stack: which receiver the page must reach
// and why, Alertmanager's verdict on the user's config (amtool check-config on the file as
// written, taken at plan time), and, when it loads, the drill's webhook receiver and the
// rewritten config Alertmanager will run with. A refused config starts no Alertmanager:
// the preflight fails with amtool's message. With the
// docker provider the receiver runs in a container the stack starts (container-inbox.ts),
// at an address on the drill's network known before it starts.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig, refusalText, type ConfigVerdict } from '../alerting/amtool.js';
import { drillAlertmanagerConfig } from '../alerting/drill-config.js';
import { ContainerInbox } from '../alerting/container-inbox.js';
import type { Inbox } from '../alerting/inbox.js';
import { WebhookReceiver } from '../alerting/webhook-receiver.js';
import { RECEIVER_ALIAS, RECEIVER_PORT } from '../stack/containers/images.js';
import type { PagePlan } from '../scenario/plan-page.js';
import { displayPath } from '../scenario/scenario-files.js';

export interface PageWiring {
  plan: PagePlan;
  verdict: ConfigVerdict;
  /** Null when the config was refused. */
  receiver: Inbox | null;
  /** The receiver in a container (the docker provider), which the stack starts. */
  containerInbox: ContainerInbox | null;
  /** The config Alertmanager runs with; null when refused. */
  drillConfig: { text: string; shownAs: string } | null;
  close: () => Promise<void>;
}

export async function openPage(
  page: PagePlan,
  timeScale: number,
  drillDir: string,
  log: (message: string) => void,
  receiverIn: 'this machine' | 'a container' = 'this machine',
): Promise<PageWiring> {
  log(`page: the page must reach ${page.receiver}, ${page.receiverWhy}`);
  // The plan's verdict when amtool was there to give one: the rewrite starts from the
  // config read at the same time.
  const verdict = page.verdict ?? (await checkConfig(page.configFile));
  if (!verdict.loads) {
    log(
      `alertmanager: amtool check-config refuses ${page.shownAs}${verdict.line ? `:${verdict.line}` : ''}: ${verdict.message}`,
    );
    return {
      plan: page,
      verdict,
      receiver: null,
      containerInbox: null,
      drillConfig: null,
      close: async () => {},
    };
  }
  const containerInbox =
    receiverIn === 'a container'
      ? new ContainerInbox(`http://${RECEIVER_ALIAS}:${RECEIVER_PORT}`)
      : null;
  // Its refusals of hostile requests are the drill's log lines, named with the drill.
  const receiver = containerInbox ?? (await WebhookReceiver.start({ log }));
  const credentials = receiver.credentials();
  const text = drillAlertmanagerConfig(page.config, {
    webhookUrl: (name) => receiver.urlFor(name),
    webhookCredentials: credentials,
    timeScale,
  });
  const file = join(drillDir, 'alertmanager.yml');
  // The report's copy, for people: without the receiver's secret, which only Alertmanager's
  // own copy (in the drill's private work folder) holds.
  writeFileSync(file, credentials ? text.replaceAll(credentials, '<secret>') : text);
  log(
    `page: ${page.shownAs} loads; every receiver delivers to ${receiver.url}${containerInbox ? " (a container on the drill's network)" : ''} (config ${displayPath(file)})`,
  );
  return {
    plan: page,
    verdict,
    receiver,
    containerInbox,
    drillConfig: { text, shownAs: displayPath(file) },
    close: () => receiver.stop(),
  };
}

/** `Alertmanager refuses file:12: message (line 12: the line)`; null when it loads. */
export function refusal(page: PageWiring): string | null {
  return refusalText(page.plan.shownAs, page.verdict);
}
