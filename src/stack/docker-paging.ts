// The docker provider's page: the drill's webhook receiver, run from the target image
// (which carries the project's source), and Alertmanager with the drill's config, both on
// the drill's network. Prometheus sends to Alertmanager by its alias; Alertmanager posts
// to the receiver by its alias; this machine reads the receiver through its published port.

import type { StartedTestContainer } from 'testcontainers';
import type { loadTestcontainers } from './containers/container-engine.js';
import type { ContainerWatch } from './containers/container-watch.js';
import {
  ALERTMANAGER_ALIAS,
  ALERTMANAGER_IMAGE,
  ALERTMANAGER_PORT,
  RECEIVER_ALIAS,
  RECEIVER_PORT,
  TARGET_IMAGE,
} from './containers/images.js';
import type { loopbackContainer } from './containers/loopback-container.js';
import type { StackAddress } from './drill-stack.js';

/** One container of a drill's stack, watched for its end. */
export interface Part {
  name: string;
  container: StartedTestContainer;
  watch: ContainerWatch;
}

export interface PagingRequest {
  /** The config Alertmanager runs with; its webhooks already point at the receiver's alias. */
  alertmanagerConfig: string;
  /** Learns where this machine reads the receiver, once it runs. */
  receiverPublished: (url: string) => void;
}

const ALERTMANAGER_CONFIG_IN_CONTAINER = '/etc/alertmanager/drill.yml';

/**
 * The page's two containers: the webhook receiver (the target image, which carries the
 * project's source) and Alertmanager with the drill's config, both on the drill's network.
 */
export async function startPaging(
  testcontainers: Awaited<ReturnType<typeof loadTestcontainers>>,
  page: PagingRequest,
  startPart: (
    part: string,
    image: string,
    configure: (container: ReturnType<typeof loopbackContainer>) => void,
  ) => Promise<Part>,
  published: (part: Part, port: number) => StackAddress,
): Promise<{ alertmanagerUrl: string; receiverUrl: string; parts: [Part, Part] }> {
  const receiver = await startPart('receiver', TARGET_IMAGE, (c) =>
    c
      .withNetworkAliases(RECEIVER_ALIAS)
      .withEnvironment({ RECEIVER_PORT: String(RECEIVER_PORT) })
      .withEntrypoint(['node', '--import', 'tsx', 'src/alerting/webhook-receiver-main.ts'])
      .withExposedPorts(RECEIVER_PORT)
      .withWaitStrategy(testcontainers.Wait.forHttp('/notifications', RECEIVER_PORT))
      .withStartupTimeout(60_000),
  );
  const receiverAddress = published(receiver, RECEIVER_PORT);
  const receiverUrl = `http://${receiverAddress.host}:${receiverAddress.port}`;
  page.receiverPublished(receiverUrl);
  const alertmanager = await startPart('alertmanager', ALERTMANAGER_IMAGE, (c) =>
    c
      .withNetworkAliases(ALERTMANAGER_ALIAS)
      .withCopyContentToContainer([
        {
          content: page.alertmanagerConfig,
          target: ALERTMANAGER_CONFIG_IN_CONTAINER,
          mode: 0o644,
        },
      ])
      .withCommand([
        `--config.file=${ALERTMANAGER_CONFIG_IN_CONTAINER}`,
        '--storage.path=/alertmanager',
        // One instance: no gossip port.
        '--cluster.listen-address=',
        '--log.level=warn',
      ])
      .withExposedPorts(ALERTMANAGER_PORT)
      .withWaitStrategy(testcontainers.Wait.forHttp('/-/ready', ALERTMANAGER_PORT))
      .withStartupTimeout(60_000),
  );
  const address = published(alertmanager, ALERTMANAGER_PORT);
  return {
    alertmanagerUrl: `http://${address.host}:${address.port}`,
    receiverUrl,
    parts: [receiver, alertmanager],
  };
}
