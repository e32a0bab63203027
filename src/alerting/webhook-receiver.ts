// The drill's stand-in for every pager: an HTTP server on loopback that Alertmanager's
// webhook integration posts to, at /receivers/<name>. It keeps each notification as
// delivered (Alertmanager's webhook payload, version 4) with the time it arrived.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

export class WebhookReceiver {
  readonly notifications: Notification[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createServer((request, response) => {
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
        holder.receiver!.notifications.push(notification);
        for (const wake of holder.receiver!.waiters) wake();
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    holder.receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}`);
    return holder.receiver;
  }

  urlFor(receiverName: string): string {
    return `${this.url}/receivers/${encodeURIComponent(receiverName)}`;
  }

  /** The first notification (already here or arriving) that `accept` takes, or null after `withinMs`. */
  async waitFor(
    accept: (notification: Notification) => boolean,
    withinMs: number,
    signal?: AbortSignal,
  ): Promise<Notification | null> {
    const found = () => this.notifications.find(accept) ?? null;
    if (found() || withinMs <= 0) return found();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', finish);
        resolve(found());
      };
      const check = () => {
        if (found()) finish();
      };
      const timer = setTimeout(finish, withinMs);
      this.waiters.add(check);
      signal?.addEventListener('abort', finish);
    });
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
