// The drill's stand-in for every pager: an HTTP server on loopback that Alertmanager's
// webhook integration posts to, at /receivers/<name>. It keeps each notification as
// delivered (Alertmanager's webhook payload, version 4) with the time it arrived, and
// lists them at GET /notifications?from=N for a drill that reads it from outside its
// container (container-inbox.ts).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inbox } from './inbox.js';

export interface DeliveredAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint?: string;
}

export interface Notification {
  receivedAt: string;
  /** The receiver the user's config meant it for (from the webhook path). */
  meantFor: string;
  /** The receiver Alertmanager names in the payload. */
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: DeliveredAlert[];
}

/** Bodies above this are refused: a notification is a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_ANY_PORT = { host: '127.0.0.1', port: 0 };

export class WebhookReceiver extends Inbox {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    super();
  }

  /** On 127.0.0.1 at a free port, unless told where (a container listens on its own network). */
  static async start(
    listen: { host: string; port: number } = LOOPBACK_ANY_PORT,
  ): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createServer((request, response) => {
      const listing = /^\/notifications(?:\?from=(\d+))?$/.exec(request.url ?? '');
      if (request.method === 'GET' && listing) {
        const from = Number(listing[1] ?? 0);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(holder.receiver!.notifications.slice(from)));
        return;
      }
      const match = /^\/receivers\/([^/?]+)$/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match) {
        response.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) request.destroy();
        else chunks.push(chunk);
      });
      request.on('end', () => {
        const notification = parse(
          decodeURIComponent(match[1]!),
          Buffer.concat(chunks).toString('utf8'),
        );
        if (!notification) {
          response.writeHead(400).end();
          return;
        }
        holder.receiver!.deliver(notification);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
    holder.receiver = new WebhookReceiver(server, `http://${host}:${port}`);
    return holder.receiver;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function parse(meantFor: string, body: string): Notification | null {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!Array.isArray(payload.alerts)) return null;
  const strings = (value: unknown) =>
    Object.fromEntries(
      Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
  return {
    receivedAt: new Date().toISOString(),
    meantFor,
    receiver: String(payload.receiver ?? ''),
    status: payload.status === 'resolved' ? 'resolved' : 'firing',
    groupKey: String(payload.groupKey ?? ''),
    groupLabels: strings(payload.groupLabels),
    alerts: (payload.alerts as Record<string, unknown>[]).map((alert) => ({
      status: alert.status === 'resolved' ? 'resolved' : 'firing',
      labels: strings(alert.labels),
      annotations: strings(alert.annotations),
      startsAt: String(alert.startsAt ?? ''),
      endsAt: String(alert.endsAt ?? ''),
      ...(alert.fingerprint ? { fingerprint: String(alert.fingerprint) } : {}),
    })),
  };
}
