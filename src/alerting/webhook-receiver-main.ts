// The webhook receiver as a process of its own, for a container on the drill's network
// (the docker provider's page): `node --import tsx src/alerting/webhook-receiver-main.ts`.
// It listens on the container's network, which only the drill's containers and the port
// published on 127.0.0.1 reach.

import { WebhookReceiver } from './webhook-receiver.js';

const port = Number(process.env.RECEIVER_PORT ?? 9095);
// The container's network; RECEIVER_HOST=127.0.0.1 runs it on this machine's loopback.
const host = process.env.RECEIVER_HOST ?? '0.0.0.0';
// No secret path: the drill builds this receiver's address (ContainerInbox) without asking it.
const receiver = await WebhookReceiver.start({ host, port, secret: null });
process.stdout.write(`webhook receiver: listening on ${receiver.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void receiver.stop().then(() => process.exit(0)));
