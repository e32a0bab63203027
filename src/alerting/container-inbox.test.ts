// The receiver read from outside its container: a real webhook receiver on loopback
// stands where the container's published port would be.

import { afterEach, describe, expect, it } from 'vitest';
import { ContainerInbox } from './container-inbox.js';
import { unreadable } from './inbox.js';
import { WebhookReceiver } from './webhook-receiver.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A webhook payload as Alertmanager posts it (version 4), reduced to what is read. */
function payload(status: 'firing' | 'resolved', alertname: string) {
  return JSON.stringify({
    version: '4',
    receiver: 'tickstorm-oncall',
    status,
    groupKey: '{}:{alertname="x"}',
    groupLabels: { alertname },
    alerts: [
      {
        status,
        labels: { alertname },
        annotations: {},
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
      },
    ],
  });
}

/** Posted as the drill's Alertmanager posts: with the receiver's bearer credentials. */
async function post(url: string, body: string, credentials?: string | null): Promise<number> {
  const headers: Record<string, string> = credentials
    ? { authorization: `Bearer ${credentials}` }
    : {};
  const response = await fetch(url, { method: 'POST', body, headers });
  return response.status;
}

describe('ContainerInbox', () => {
  it('gives Alertmanager the address on the drill network, and reads what arrived in order', async () => {
    const receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.stop());
    const inbox = new ContainerInbox('http://pager:9095');
    cleanups.push(() => inbox.stop());
    expect(inbox.urlFor('tickstorm oncall')).toBe('http://pager:9095/receivers/tickstorm%20oncall');

    inbox.readFrom(receiver.url);
    const waiting = inbox.waitFor((n) => n.status === 'resolved', 5_000);
    expect(
      await post(
        receiver.urlFor('tickstorm-oncall'),
        payload('firing', 'A'),
        receiver.credentials(),
      ),
    ).toBe(200);
    expect(
      await post(
        receiver.urlFor('tickstorm-oncall'),
        payload('resolved', 'A'),
        receiver.credentials(),
      ),
    ).toBe(200);
    const resolved = await waiting;
    expect(resolved?.meantFor).toBe('tickstorm-oncall');
    // Each once, in the order they arrived, with the time the receiver took them.
    await inbox.readOnce(receiver.url);
    expect(inbox.notifications.map((n) => n.status)).toEqual(['firing', 'resolved']);
    expect(inbox.notifications[0]!.receivedAt).toBe(receiver.notifications[0]!.receivedAt);
    expect(inbox.lastReadError).toBeNull();
  });

  it('names a receiver it cannot read, and finds nothing rather than inventing it', async () => {
    const receiver = await WebhookReceiver.start();
    const url = receiver.url;
    await receiver.stop();
    const inbox = new ContainerInbox('http://pager:9095');
    await inbox.readOnce(url);
    expect(inbox.lastReadError).toMatch(new RegExp(`^reading ${url}/notifications: `));
    expect(await inbox.waitFor(() => true, 300)).toBeNull();
    // What the page steps append when nothing arrived.
    expect(unreadable(inbox)).toBe(`; the receiver could not be read (${inbox.lastReadError})`);
    expect(unreadable(new ContainerInbox('http://pager:9095'))).toBe('');
  });

  it('the receiver lists only what came after the count it is given', async () => {
    const receiver = await WebhookReceiver.start();
    cleanups.push(() => receiver.stop());
    await post(receiver.urlFor('a'), payload('firing', 'A'), receiver.credentials());
    await post(receiver.urlFor('b'), payload('firing', 'B'), receiver.credentials());
    const listed = async (from: number) =>
      (
        (await (await fetch(`${receiver.url}/notifications?from=${from}`)).json()) as {
          meantFor: string;
        }[]
      ).map((n) => n.meantFor);
    expect(await listed(0)).toEqual(['a', 'b']);
    expect(await listed(1)).toEqual(['b']);
    expect(await listed(2)).toEqual([]);
  });
});
