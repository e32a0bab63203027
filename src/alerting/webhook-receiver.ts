// The drill's stand-in for every pager: an HTTP server on loopback that Alertmanager's
// webhook integration posts to, at [/<secret>]/receivers/<name>. It keeps each notification
// as delivered (Alertmanager's webhook payload, version 4, checked field by field) with the
// time it arrived, and lists them at GET /notifications?from=N for a drill that reads it
// from outside its container (container-inbox.ts). Its port is printed, so anyone on the
// machine can reach it: whatever arrives gets an answer (a 4xx for anything that is not a
// notification) and a bounded log line, never an exception. On this machine the receivers
// sit under a secret path that only the drill's Alertmanager config holds, so a neighbour
// who reads the printed port cannot post a page the drill would count.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGuardedServer, refuseWith, requestText } from '../serve/guarded-server.js';
import { RefusalLog } from '../serve/refusal-log.js';
import { Inbox } from './inbox.js';
import { parseNotification } from './webhook-payload.js';

export type { DeliveredAlert, Notification } from './webhook-payload.js';

/** Bodies above this are refused: a notification is a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;
/** A drill gets a handful; a neighbour posting valid ones forever does not fill the memory. */
const MAX_KEPT = 10_000;
const LOOPBACK_ANY_PORT = { host: '127.0.0.1', port: 0 };

export interface ReceiverOptions {
  host: string;
  port: number;
  /** Where a refused request is said (bounded); default: this process's stderr. */
  log?: (line: string) => void;
  /**
   * The path segment before /receivers/; default a fresh random one. Null for none: the
   * receiver in a container, whose address the drill builds without asking it.
   */
  secret?: string | null;
}

const stderrLog = (line: string) => process.stderr.write(`chaos: ${line}\n`);

export class WebhookReceiver extends Inbox {
  private constructor(
    private readonly server: Server,
    private readonly refusals: RefusalLog,
    readonly url: string,
    /** '' or '/<secret>': where the receivers' paths start. */
    private readonly prefix: string,
  ) {
    super();
  }

  override urlFor(receiverName: string): string {
    return `${this.url}${this.prefix}/receivers/${encodeURIComponent(receiverName)}`;
  }

  // The path's secret shows in Alertmanager's status API and the config it reads; the same
  // secret as bearer credentials does not (they are shown as <secret>), so a post needs both.
  override credentials(): string | null {
    return this.prefix === '' ? null : this.prefix.slice(1);
  }

  /** On 127.0.0.1 at a free port, unless told where (a container listens on its own network). */
  static async start(options: Partial<ReceiverOptions> = {}): Promise<WebhookReceiver> {
    const listen = { ...LOOPBACK_ANY_PORT, ...options };
    const refusals = new RefusalLog(options.log ?? stderrLog, 'webhook receiver');
    const holder: { receiver?: WebhookReceiver } = {};
    const server = createGuardedServer(
      // In the moment between listening and knowing its port, nothing is taken yet.
      (request, response) =>
        holder.receiver
          ? holder.receiver.answer(request, response)
          : refuseWith(response, 503, 'the receiver is starting'),
      refusals,
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => resolve());
    });
    // Past listening, an error of the server (not of one client) is said, never thrown.
    server.on('error', (error) => refusals.refuse('the server', error.message));
    const { port } = server.address() as AddressInfo;
    const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
    // Several drills at once each have one: the line says which.
    refusals.who = `webhook receiver ${host}:${port}`;
    const secret = options.secret === undefined ? randomBytes(16).toString('hex') : options.secret;
    holder.receiver = new WebhookReceiver(
      server,
      refusals,
      `http://${host}:${port}`,
      secret ? `/${secret}` : '',
    );
    return holder.receiver;
  }

  /** Requests refused since the start (each logged or counted). */
  refused(): number {
    return this.refusals.total;
  }

  async stop(): Promise<void> {
    this.refusals.flush();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const refuse = (status: number, reason: string, headers: Record<string, string> = {}) => {
      this.refusals.refuse(requestText(request), `${status}, ${reason}`);
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      refuseWith(response, status, reason);
    };
    const path = request.url ?? '';
    const listing = /^\/notifications(?:\?from=(\d{1,9}))?$/.exec(path);
    if (listing || path.startsWith('/notifications')) {
      if (!listing) return refuse(400, 'expected /notifications or /notifications?from=<count>');
      if (request.method !== 'GET')
        return refuse(405, 'the notifications are read with GET', { Allow: 'GET' });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(this.notifications.slice(Number(listing[1] ?? 0))));
      return;
    }
    const underPrefix = path.startsWith(`${this.prefix}/`) ? path.slice(this.prefix.length) : '';
    const match = /^\/receivers\/([^/?]+)$/.exec(underPrefix);
    if (!match)
      return refuse(
        404,
        "no receiver here: expected POST <the address in the drill's Alertmanager config> or GET /notifications",
      );
    if (request.method !== 'POST')
      return refuse(405, 'a notification is posted', { Allow: 'POST' });
    const credentials = this.credentials();
    if (credentials !== null && !sameSecret(request.headers.authorization, `Bearer ${credentials}`))
      return refuse(401, "expected the bearer credentials of the drill's Alertmanager config", {
        'WWW-Authenticate': 'Bearer',
      });
    let meantFor: string;
    try {
      meantFor = decodeURIComponent(match[1]!);
    } catch {
      return refuse(400, 'the receiver name in the path is not valid percent-encoding');
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES)
      return refuse(413, `a notification is at most ${MAX_BODY_BYTES} bytes`);
    if (this.notifications.length >= MAX_KEPT)
      return refuse(429, `${MAX_KEPT} notifications kept already; no more are taken`);

    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else {
        tooLarge = true;
        chunks.length = 0;
        refuse(413, `a notification is at most ${MAX_BODY_BYTES} bytes`);
      }
    });
    request.on('end', () => {
      if (tooLarge) return;
      const parsed = parseNotification(meantFor, Buffer.concat(chunks).toString('utf8'));
      if ('problem' in parsed) return refuse(400, parsed.problem);
      this.deliver(parsed.notification);
      response.writeHead(200).end();
    });
  }
}

/** Compared in constant time: how long a wrong guess takes must not say how close it was. */
function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
