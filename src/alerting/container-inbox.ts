// The drill's receiver when Alertmanager runs in a container: the same webhook receiver,
// run in a container of the drill's network (webhook-receiver-main.ts), which Alertmanager
// reaches by its network alias. Nothing on this machine listens beyond loopback: the
// drill reads what arrived through the receiver's port published on 127.0.0.1. Each
// notification keeps the time it reached the receiver, not the time it was read here.

import { Inbox } from './inbox.js';
import type { Notification } from './webhook-receiver.js';

/** How often the published receiver is asked for what arrived. */
const READ_EVERY_MS = 250;

export class ContainerInbox extends Inbox {
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  /** The last read, if it failed; null again after one succeeds. */
  lastReadError: string | null = null;

  /** @param url the receiver as Alertmanager reaches it on the drill's network */
  constructor(readonly url: string) {
    super();
  }

  /** Starts reading the receiver through its published address (http://127.0.0.1:port). */
  readFrom(publishedUrl: string): void {
    this.timer ??= setInterval(() => void this.readOnce(publishedUrl), READ_EVERY_MS);
  }

  /** One read of what arrived since the last (the timer's; public for its test). */
  async readOnce(publishedUrl: string): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const response = await fetch(
        `${publishedUrl}/notifications?from=${this.notifications.length}`,
        {
          signal: AbortSignal.timeout(2_000),
        },
      );
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const arrived = (await response.json()) as Notification[];
      if (!Array.isArray(arrived)) throw new Error('not a list of notifications');
      for (const notification of arrived) this.deliver(notification);
      this.lastReadError = null;
    } catch (error) {
      this.lastReadError = `reading ${publishedUrl}/notifications: ${(error as Error).message}`;
    } finally {
      this.reading = false;
    }
  }

  override readProblem(): string | null {
    return this.lastReadError;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
