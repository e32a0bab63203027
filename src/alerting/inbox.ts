// Where the drill's notifications land, wherever the receiver runs: on this machine (the
// webhook receiver itself) or in a container on the drill's network (read from outside).
// The page phases wait on it the same way either way.

import type { Notification } from './webhook-receiver.js';

export abstract class Inbox {
  readonly notifications: Notification[] = [];
  private readonly waiters = new Set<() => void>();

  /** The base URL Alertmanager posts to, as Alertmanager reaches it. */
  abstract readonly url: string;
  abstract stop(): Promise<void>;

  /**
   * Why what arrived may not be known here: null where the receiver is in this process;
   * the last failed read where it is read from outside. Named when no page is found, so
   * a receiver that could not be read is never mistaken for a page that was not sent.
   */
  readProblem(): string | null {
    return null;
  }

  urlFor(receiverName: string): string {
    return `${this.url}/receivers/${encodeURIComponent(receiverName)}`;
  }

  /**
   * The bearer credentials Alertmanager must send, or null when the receiver takes any
   * post (one in a container). Alertmanager shows them as <secret> in its status API.
   */
  credentials(): string | null {
    return null;
  }

  protected deliver(notification: Notification): void {
    this.notifications.push(notification);
    for (const wake of this.waiters) wake();
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
}

/** For a page step that found nothing: the receiver's last failed read, or ''. */
export function unreadable(receiver: Inbox): string {
  const problem = receiver.readProblem();
  return problem ? `; the receiver could not be read (${problem})` : '';
}
